package trainer

// The starters in Brazilian Portuguese and Spanish (neutral Latin-American:
// usted, no vosotros), and the headers of translation starters. The keys
// and the values the format defines (action = "assume", ending = "lost")
// stay in English: they are the file format. The archetypes have the
// game's names: Pivô, Mola, Conector, Dispersor, Amortecedor; Pivote,
// Resorte, Conector, Dispersor, Amortiguador.

const translationHeaderEN = `# A translation of {{source}} ({{from}}) into {{to}}, started with
#   scenario new --from {{source}} --lang {{to}}
# The structure is {{base}}'s and must stay so: node ids, the choices and
# their order, action, follow_up, mood, next, sets, requires, unless, drift,
# fit, the endings, start, walkout and the customer's mood. Translations must
# score the same; "scenario check" shows where they do not.
# Translate every text: above each one, a "{{marker}}" line keeps
# the original. Replace the text in quotes (not the comment), then delete the
# comment line. Names and speakers may change; so may time_limit (it follows
# the reading time of your texts: check suggests a value).
# What is left to translate:   grep -n "{{marker}}" {{out}}
# When you are done, check both files together:
#   scenario check --strict {{source}} {{out}}

`

const translationHeaderPT = `# Tradução de {{source}} ({{from}}) para {{to}}, iniciada com
#   scenario new --from {{source}} --lang {{to}}
# A estrutura é a de {{base}} e deve continuar assim: os ids dos nós, as
# escolhas e a ordem delas, action, follow_up, mood, next, sets, requires,
# unless, drift, fit, os finais, start, walkout e o humor do cliente. As
# traduções precisam pontuar igual; o "scenario check" mostra onde não pontuam.
# Traduza cada texto: acima de cada um, uma linha "{{marker}}"
# guarda o original. Substitua o texto entre aspas (não o comentário) e
# depois apague a linha do comentário. Nomes e falantes (speaker) podem mudar;
# time_limit também (acompanha o tempo de leitura dos seus textos: o check
# sugere um valor).
# O que falta traduzir:   grep -n "{{marker}}" {{out}}
# Quando terminar, verifique os dois arquivos juntos:
#   scenario check --strict {{source}} {{out}}

`

const translationHeaderES = `# Traducción a {{to}} de {{source}} ({{from}}), iniciada con
#   scenario new --from {{source}} --lang {{to}}
# La estructura es la de {{base}} y debe seguir así: los id de los nodos,
# las opciones y su orden, action, follow_up, mood, next, sets, requires,
# unless, drift, fit, los finales, start, walkout y el ánimo del cliente. Las
# traducciones deben puntuar igual; "scenario check" muestra dónde no.
# Traduzca cada texto: encima de cada uno, una línea "{{marker}}"
# conserva el original. Reemplace el texto entre comillas (no el comentario)
# y luego borre la línea del comentario. Los nombres y los hablantes
# (speaker) pueden cambiar; time_limit también (sigue el tiempo de lectura de
# sus textos: check sugiere un valor).
# Lo que falta traducir:   grep -n "{{marker}}" {{out}}
# Cuando termine, revise los dos archivos juntos:
#   scenario check --strict {{source}} {{out}}

`

const starterTemplatePT = `# Um cenário do Shock Absorber. Verifique com:  scenario check --strict ESTE-ARQUIVO
# Jogue com:                                   scenario play ESTE-ARQUIVO
# Veja como grafo:                             scenario graph ESTE-ARQUIVO | dot -Tsvg > grafo.svg
# Troque os textos abaixo pelo seu próprio caso; mantenha a estrutura até o
# "scenario check" ficar satisfeito e depois amplie. O guia completo está em
# docs/writing-scenarios.md.
#
# As chaves e os valores do formato (id, text, action = "assume",
# follow_up = "close" ...) ficam em inglês; só os textos ficam em português.
#
# Como uma partida é pontuada (contrato de cenários v2, seção 3):
#   Cada escolha do jogador é um passo. Num nó com "fit", um passo cuja
#   action está em fit e cujo follow_up assume o caso (monitor ou close)
#   soma 1 a shock_absorber (o Amortecedor). Qualquer outro passo soma 1 ao
#   arquétipo-sombra da ação, inclusive a ação certa que depois fica sem dono:
#       assume -> spring (Mola)        derive -> pivot (Pivô)
#       connect -> connector (Conector)   escalate -> disperser (Dispersor)
#   Num nó sem fit só o follow_up conta: monitor/close somam 1 a
#   shock_absorber, promise soma 1 a pivot, none não soma nada.
#   Vence o arquétipo com a maior parcela; empates vão para o que vem antes
#   em pivot, spring, connector, disperser, shock_absorber, e uma vantagem
#   de menos de 20 pontos aparece como "ainda sem tendência clara".
#
# Escreva cada opção de modo que um atendente de verdade a escolhesse por
# um motivo de verdade. A melhor não pode se destacar pelo tamanho, pela
# posição nem por ser a única que promete acompanhar o caso: o
# "scenario check" avisa quando isso acontece.

# id: único na biblioteca; letras minúsculas, dígitos e '-'.
id = {{id}}
# title: mostrado aos jogadores e nos relatórios.
title = {{title}}
# language: a etiqueta BCP 47 dos textos: en, pt-BR, es ...
language = {{language}}
summary = "Uma ou duas frases que apresentam a cena antes de jogar."  # opcional
tags = ["starter"]           # rótulos opcionais para encontrar cenários
start = "opening"            # opcional; por padrão, o primeiro [[node]]
situation = {{id}}           # opcional: as traduções deste caso o compartilham
walkout = "end-walkout"      # opcional: a cena mostrada quando o cliente vai embora

[customer]                   # opcional
name = "Ana Ribeiro"         # opcional, mostrado ao jogador
mood = 40                    # opcional, 0 furioso .. 100 encantado (padrão 50);
                             # em 0 o cliente vai embora: a partida termina "lost"

# Um nó é um momento: algo dito ou acontecendo, e depois escolhas ou um
# final. "fit" lista a(s) ação(ões) que combinam com o caso aqui; escreva
# as outras escolhas de modo que tentem um atendente de verdade.
[[node]]
id = "opening"               # único neste arquivo; as escolhas o citam em "next"
title = "A taxa dispensada"  # opcional: título curto para avaliações e relatórios
speaker = "customer"         # opcional, texto livre (padrão "customer")
text = "Minha fatura mostra uma taxa de entrega que me disseram que seria dispensada. O próprio registro do chat de vocês confirma isso. Você pode corrigir?"
fit = ["assume"]             # assume | derive | connect | escalate (uma ou mais)
time_limit = {{time}}              # opcional: segundos para decidir no modo avaliação

  [[node.choice]]
  text = "Taxas são com o Financeiro. Já repassei; estamos avaliando a sua solicitação."
  action = "derive"
  follow_up = "promise"      # uma resposta rápida sem nada por trás
  mood = -15
  feedback = "Repassar uma taxa que você mesmo pode dispensar, com uma promessa que ninguém acompanha, é o Pivô."
  next = "second-try"

  [[node.choice]]
  text = "Eu mesmo posso dispensar a taxa. Vou tirá-la agora e enviar a fatura corrigida."
  action = "assume"          # obrigatório num nó com fit
  follow_up = "close"        # none | promise | monitor | close (padrão none)
  mood = 15                  # opcional: quanto o humor do cliente muda
  feedback = "Dispensar uma taxa que você tem autorização para dispensar é trabalho seu: assuma e feche."
  next = "confirm"           # o nó para onde esta escolha leva
  sets = ["checked"]         # flags opcionais, para requires / unless depois

  [[node.choice]]
  text = "Isso pode ser um erro de preço atingindo outros clientes também. Vou abrir chamados com o Financeiro, a TI e Vendas e cobrar cada um pessoalmente até responderem."
  action = "escalate"
  follow_up = "monitor"      # assume o caso, mas a ação não combina
  mood = -10
  feedback = "Uma taxa errada com causa conhecida: abrir frentes por toda parte dispersa o esforço, por mais que você cobre cada uma."
  next = "second-try"
  # drift = { disperser = 1.0 }  # opcional: pesos explícitos substituem as regras acima

  [[node.choice]]
  text = "Vou chamar o Financeiro e o seu gerente de conta para uma ligação conosco e resolvermos isso."
  action = "connect"
  follow_up = "none"
  mood = -5
  feedback = "Ninguém mais é necessário para dispensar uma taxa; uma reunião só atrasa."
  next = "second-try"

[[node]]
id = "second-try"
title = "O segundo pedido"
text = "Sinceramente, só quero que essa taxa suma. Com quem eu preciso falar?"
fit = ["assume"]
time_limit = {{time}}

  [[node.choice]]
  text = "Vou dar uma olhada e ver o que posso fazer."
  action = "assume"
  follow_up = "promise"
  mood = -10
  feedback = "Ficar com o caso sem dizer o que vai fazer nem quando é a Mola: o cliente fica esperando só na boa vontade."
  next = "end-unresolved"

  [[node.choice]]
  text = "Comigo. Vou tirar a taxa agora e enviar a fatura corrigida."
  action = "assume"
  follow_up = "close"
  mood = 10
  feedback = "Assumir o caso depois de um começo fraco ainda vira o jogo."
  next = "confirm"
  sets = ["checked"]

  [[node.choice]]
  text = "Vou marcar uma ligação com o Financeiro e Vendas hoje à tarde e acompanhar até chegarem a um acordo sobre a taxa."
  action = "connect"
  follow_up = "monitor"
  mood = -5
  feedback = "Uma reunião para uma taxa que você mesmo pode dispensar: o reflexo do Conector, por melhor que você acompanhe."
  next = "end-unresolved"

  [[node.choice]]
  text = "Vou sinalizar para o Financeiro, Vendas e TI, para cada um verificar a sua parte."
  action = "escalate"
  follow_up = "none"
  mood = -10
  feedback = "Três equipes verificando um erro conhecido, e ninguém dono da resposta: o Dispersor."
  next = "end-unresolved"

  [[node.choice]]
  text = "Como eu disse, o Financeiro vai analisar. Por favor, tenha paciência."
  action = "derive"
  follow_up = "none"
  mood = -30
  feedback = "Repetir o repasse mostra ao cliente que ninguém é dono do problema."
  next = "end-lost"

# Um nó sem fit: aqui só o follow_up é pontuado.
[[node]]
id = "confirm"
title = "Por escrito"
text = "Obrigada. Vou receber alguma coisa por escrito?"

  [[node.choice]]
  text = "Sim: a fatura corrigida já está no seu e-mail, e na sexta eu confiro se o reembolso caiu."
  follow_up = "close"
  mood = 10
  requires = ["checked"]     # opcional: aparece só quando todas estas flags estão marcadas
  next = "end-resolved"

  [[node.choice]]
  text = "Deve ficar tudo resolvido em breve."
  follow_up = "promise"
  next = "end-unresolved"

# Finais: resolved | unresolved | lost. Um nó final não tem escolhas.
[[node]]
id = "end-resolved"
title = "Reembolso recebido"
speaker = "narrador"
text = "A fatura corrigida chega e o reembolso cai na sexta, como prometido."
ending = "resolved"

[[node]]
id = "end-unresolved"
title = "Ainda esperando"
speaker = "narrador"
text = "A cliente desliga sem saber se alguma coisa vai mudar."
ending = "unresolved"

[[node]]
id = "end-lost"
title = "Pedido cancelado"
speaker = "narrador"
text = "A cliente cancela o pedido e pede o encerramento da conta."
ending = "lost"

# A cena de saída: mostrada quando o humor chega a 0, seja qual for a escolha.
[[node]]
id = "end-walkout"
title = "A cliente desliga"
speaker = "narrador"
text = "A cliente já ouviu o bastante e desliga no meio da frase."
ending = "lost"
`

const starterTemplateES = `# Un escenario de Shock Absorber. Revíselo con:  scenario check --strict ESTE-ARCHIVO
# Juéguelo con:                                  scenario play ESTE-ARCHIVO
# Véalo como grafo:                              scenario graph ESTE-ARCHIVO | dot -Tsvg > grafo.svg
# Reemplace los textos de abajo por su propio caso; conserve la estructura
# hasta que "scenario check" quede conforme y luego amplíela. La guía
# completa está en docs/writing-scenarios.md.
#
# Las claves y los valores del formato (id, text, action = "assume",
# follow_up = "close" ...) quedan en inglés; solo los textos van en español.
#
# Cómo se puntúa una partida (contrato de escenarios v2, sección 3):
#   Cada elección del jugador es un paso. En un nodo con "fit", un paso cuya
#   action está en fit y cuyo follow_up se hace cargo del caso (monitor o
#   close) suma 1 a shock_absorber (el Amortiguador). Cualquier otro paso
#   suma 1 al arquetipo sombra de la acción, incluida la acción correcta de
#   la que después nadie se hace cargo:
#       assume -> spring (Resorte)        derive -> pivot (Pivote)
#       connect -> connector (Conector)   escalate -> disperser (Dispersor)
#   En un nodo sin fit solo cuenta el follow_up: monitor/close suman 1 a
#   shock_absorber, promise suma 1 a pivot, none no suma nada.
#   Gana el arquetipo con la mayor proporción; los empates van al que viene
#   antes en pivot, spring, connector, disperser, shock_absorber, y una
#   ventaja de menos de 20 puntos se muestra como "todavía sin tendencia
#   clara".
#
# Escriba cada opción de modo que un agente de verdad la eligiera por una
# razón de verdad. La mejor no debe destacar por su largo, por su lugar ni
# por ser la única que promete dar seguimiento: "scenario check" avisa
# cuando eso pasa.

# id: único en la biblioteca; letras minúsculas, dígitos y '-'.
id = {{id}}
# title: se muestra a los jugadores y en los informes.
title = {{title}}
# language: la etiqueta BCP 47 de los textos: en, pt-BR, es ...
language = {{language}}
summary = "Una o dos oraciones que presentan la escena antes de jugar."  # opcional
tags = ["starter"]           # etiquetas opcionales para encontrar escenarios
start = "opening"            # opcional; por defecto, el primer [[node]]
situation = {{id}}           # opcional: las traducciones de este caso lo comparten
walkout = "end-walkout"      # opcional: la escena que se muestra cuando el cliente se va

[customer]                   # opcional
name = "Lucía Romero"        # opcional, se muestra al jugador
mood = 40                    # opcional, 0 furioso .. 100 encantado (por defecto 50);
                             # en 0 el cliente se va: la partida termina "lost"

# Un nodo es un momento: algo que se dice o que pasa, y después opciones o
# un final. "fit" indica la(s) acción(es) que corresponden al caso aquí;
# escriba las demás opciones de modo que tienten a un agente de verdad.
[[node]]
id = "opening"               # único en este archivo; las opciones lo nombran en "next"
title = "El cargo anulado"   # opcional: título breve para resúmenes e informes
speaker = "customer"         # opcional, texto libre (por defecto "customer")
text = "Mi factura trae un cargo de envío que me dijeron que iban a anular. Su propio registro del chat lo dice. ¿Me lo puede corregir?"
fit = ["assume"]             # assume | derive | connect | escalate (una o más)
time_limit = {{time}}              # opcional: segundos para decidir en modo evaluación

  [[node.choice]]
  text = "Los cargos los ve Facturación. Ya lo derivé; están evaluando su solicitud."
  action = "derive"
  follow_up = "promise"      # una respuesta rápida sin nada detrás
  mood = -15
  feedback = "Pasar a otra área un cargo que usted mismo puede anular, con una promesa que nadie sigue, es el Pivote."
  next = "second-try"

  [[node.choice]]
  text = "Yo mismo puedo anularlo. Lo quito ahora y le envío la factura corregida."
  action = "assume"          # obligatorio en un nodo con fit
  follow_up = "close"        # none | promise | monitor | close (por defecto none)
  mood = 15                  # opcional: cuánto cambia el ánimo del cliente
  feedback = "Anular un cargo que usted está autorizado a anular le toca a usted: hágase cargo y ciérrelo."
  next = "confirm"           # el nodo al que lleva esta opción
  sets = ["checked"]         # flags opcionales, para requires / unless más adelante

  [[node.choice]]
  text = "Esto podría ser un error de precios que afecta también a otros clientes. Voy a abrir casos con Facturación, TI y Ventas, y a darle seguimiento personalmente a cada uno hasta que respondan."
  action = "escalate"
  follow_up = "monitor"      # se hace cargo del caso, pero la acción no corresponde
  mood = -10
  feedback = "Un cargo equivocado con una causa conocida: abrir frentes por todos lados dispersa el esfuerzo, por más que les dé seguimiento."
  next = "second-try"
  # drift = { disperser = 1.0 }  # opcional: pesos explícitos que reemplazan las reglas de arriba

  [[node.choice]]
  text = "Voy a sumar a Facturación y a su ejecutivo de cuenta a una llamada con nosotros para resolverlo."
  action = "connect"
  follow_up = "none"
  mood = -5
  feedback = "No hace falta nadie más para anular un cargo; una reunión solo lo demora."
  next = "second-try"

[[node]]
id = "second-try"
title = "El segundo pedido"
text = "Sinceramente, solo quiero que quiten ese cargo. ¿Con quién tengo que hablar?"
fit = ["assume"]
time_limit = {{time}}

  [[node.choice]]
  text = "Voy a revisarlo y ver qué puedo hacer."
  action = "assume"
  follow_up = "promise"
  mood = -10
  feedback = "Quedarse con el caso sin decir qué va a hacer ni cuándo es el Resorte: el cliente queda esperando solo con buena voluntad."
  next = "end-unresolved"

  [[node.choice]]
  text = "Conmigo. Quito el cargo ahora y le envío la factura corregida."
  action = "assume"
  follow_up = "close"
  mood = 10
  feedback = "Hacerse cargo del caso después de un mal comienzo todavía puede cambiar la situación."
  next = "confirm"
  sets = ["checked"]

  [[node.choice]]
  text = "Voy a organizar una llamada con Facturación y Ventas esta tarde y darle seguimiento hasta que se pongan de acuerdo sobre el cargo."
  action = "connect"
  follow_up = "monitor"
  mood = -5
  feedback = "Una reunión por un cargo que usted mismo puede anular: el reflejo del Conector, por buen seguimiento que le dé."
  next = "end-unresolved"

  [[node.choice]]
  text = "Se lo voy a reportar a Facturación, Ventas y TI, para que cada uno revise su parte."
  action = "escalate"
  follow_up = "none"
  mood = -10
  feedback = "Tres equipos revisando un error conocido, y nadie responsable de la respuesta: el Dispersor."
  next = "end-unresolved"

  [[node.choice]]
  text = "Como le dije, Facturación lo va a revisar. Por favor, tenga paciencia."
  action = "derive"
  follow_up = "none"
  mood = -30
  feedback = "Repetir la derivación le dice al cliente que nadie es responsable del problema."
  next = "end-lost"

# Un nodo sin fit: aquí solo se puntúa el follow_up.
[[node]]
id = "confirm"
title = "Por escrito"
text = "Gracias. ¿Me va a llegar algo por escrito?"

  [[node.choice]]
  text = "Sí: la factura corregida ya está en su correo, y el viernes reviso que le haya llegado el reembolso."
  follow_up = "close"
  mood = 10
  requires = ["checked"]     # opcional: se muestra solo cuando todas estas flags están activas
  next = "end-resolved"

  [[node.choice]]
  text = "Debería quedar todo resuelto pronto."
  follow_up = "promise"
  next = "end-unresolved"

# Finales: resolved | unresolved | lost. Un nodo final no tiene opciones.
[[node]]
id = "end-resolved"
title = "Reembolso recibido"
speaker = "narrador"
text = "La factura corregida llega y el reembolso se acredita el viernes, como se prometió."
ending = "resolved"

[[node]]
id = "end-unresolved"
title = "Todavía esperando"
speaker = "narrador"
text = "La clienta cuelga sin saber si algo va a cambiar."
ending = "unresolved"

[[node]]
id = "end-lost"
title = "Pedido cancelado"
speaker = "narrador"
text = "La clienta cancela el pedido y pide que cierren su cuenta."
ending = "lost"

# La escena de salida: se muestra cuando el ánimo llega a 0, sea cual sea la opción.
[[node]]
id = "end-walkout"
title = "La clienta cuelga"
speaker = "narrador"
text = "La clienta ya escuchó suficiente y cuelga a mitad de la frase."
ending = "lost"
`
