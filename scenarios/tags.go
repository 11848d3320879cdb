package scenarios

import "strings"

// The bundled library tags its scenarios from a fixed vocabulary, so that
// the game can show every tag translated and group scenarios by channel and
// industry (docs/library.md, section 3). Trainers' own files may use any
// tags; these lists only say what the library uses and the game translates.
var (
	// ChannelTags name how the customer reaches the agent.
	ChannelTags = []string{"channel-phone", "channel-chat", "channel-email", "channel-in-person", "channel-social"}
	// IndustryTags name the kind of organisation.
	IndustryTags = []string{
		"industry-retail", "industry-banking", "industry-telecom", "industry-health",
		"industry-travel", "industry-hospitality", "industry-utilities", "industry-public-services",
		"industry-logistics", "industry-education", "industry-software", "industry-insurance",
	}
	// TopicTags name what the case is about.
	TopicTags = []string{
		"billing", "outage", "privacy", "policy", "returns", "abusive-customer", "handoff",
		"internal-request", "ambiguous-request", "manager-pressure", "newcomer", "lesson-learned",
		"retention", "public-complaint", "vip", "safety", "delivery", "refund", "security", "scheduling",
	}
)

// TagKind reports which list of the vocabulary a tag belongs to: "channel",
// "industry", "topic", or "" for a tag outside it.
func TagKind(tag string) string {
	switch {
	case strings.HasPrefix(tag, "channel-") && contains(ChannelTags, tag):
		return "channel"
	case strings.HasPrefix(tag, "industry-") && contains(IndustryTags, tag):
		return "industry"
	case contains(TopicTags, tag):
		return "topic"
	}
	return ""
}

// VocabularyTags lists every tag of the vocabulary: channels, industries,
// then topics.
func VocabularyTags() []string {
	out := make([]string, 0, len(ChannelTags)+len(IndustryTags)+len(TopicTags))
	out = append(out, ChannelTags...)
	out = append(out, IndustryTags...)
	return append(out, TopicTags...)
}
