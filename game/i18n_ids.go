package game

// The ids follow the keys of assets/i18n/en.toml, in the same order: add a
// key to every language file and an id here together.

// Str names one piece of UI text. Scenes never hold literal UI strings:
// they ask the Strings table by id, so a missing translation is a failing
// test (TestEveryStringTranslated), not a blank button.
type Str int

// The UI string ids, one per key of assets/i18n/*.toml.
const (
	sAppTitle Str = iota
	sAppTagline
	sTitleLibrary
	sTitleDropHint
	sTitleTrainerFile
	sTitleBest
	sTitleBestEnding
	sTitleNotPlayed
	sTitlePlaysOne
	sTitlePlaysOther
	sTitlePlay
	sTitleSettings
	sTitleKeysHint
	sTitleEmpty
	sTitleSaveCorrupt
	sTitleSaveError
	sSaveStorageFull
	sSaveStorageBlocked
	sTitleLibraryProblemsOne
	sTitleLibraryProblemsOther
	sTitleLanguage
	sTitleAllLanguages
	sTitleSituations
	sTitleVignettes
	sTitleVignettesNote
	sTitleEmptyLanguage
	sProblemsHeading
	sProblemsIntro
	sProblemsBack
	sProblemsIntroWatch
	sReloaded
	sReloadFailed
	sReloadedMoved
	sReloadedGone
	sDialogueCustomer
	sDialogueMood
	sDialogueStep
	sDialogueHint
	sDialogueSkipHint
	sDialogueMoreBelow
	sDialogueToDebrief
	sDialogueTimeLeft
	sDialogueMenu
	sDialogueLogTitle
	sDialogueLogYou
	sDialogueLogNoAnswer
	sMoodFurious
	sMoodUpset
	sMoodNeutral
	sMoodPleased
	sMoodDelighted
	sFeedbackHeading
	sFeedbackYourAnswer
	sFeedbackAction
	sFeedbackFollowUp
	sFeedbackFed
	sFeedbackNoWeight
	sFeedbackFits
	sFeedbackNotFit
	sFeedbackNoFit
	sFeedbackCoach
	sFeedbackMoodChange
	sFeedbackWalkedOut
	sFeedbackContinue
	sActionAssume
	sActionDerive
	sActionConnect
	sActionEscalate
	sActionNone
	sFollowNone
	sFollowPromise
	sFollowMonitor
	sFollowClose
	sArchPivot
	sArchSpring
	sArchConnector
	sArchDisperser
	sArchShockAbsorber
	sArchNone
	sArchInTextPivot
	sArchInTextSpring
	sArchInTextConnector
	sArchInTextDisperser
	sArchInTextShockAbsorber
	sArchDescPivot
	sArchDescSpring
	sArchDescConnector
	sArchDescDisperser
	sArchDescShockAbsorber
	sArchDescNone
	sEndingResolved
	sEndingUnresolved
	sEndingLost
	sDebriefHeading
	sDebriefEnding
	sDebriefFinalMood
	sDebriefArchetype
	sDebriefDriftMap
	sDebriefTrailHint
	sDebriefPath
	sDebriefFits
	sDebriefNotFit
	sDebriefNoFit
	sDebriefReplay
	sDebriefAnother
	sDebriefArchetypes
	sDebriefFittingOneOne
	sDebriefFittingOneOther
	sDebriefFittingOtherOne
	sDebriefFittingOtherOther
	sDebriefYourDrift
	sDebriefWalkoutHead
	sDebriefLostHead
	sVerdictTie
	sVerdictUnclear
	sVerdictLeaning
	sVerdictTieBody
	sVerdictUnclearBodyOne
	sVerdictUnclearBodyOther
	sVerdictRule
	sVerdictWalkoutClear
	sVerdictWalkoutTie
	sVerdictWalkoutUnclear
	sVerdictWalkoutNone
	sVerdictLostClear
	sVerdictLostTie
	sVerdictLostUnclear
	sVerdictLostNone
	sVerdictLostNote
	sDebriefMoved
	sDebriefMovedNone
	sDebriefMapClear
	sDebriefMapLost
	sTitleProgress
	sProgressHeading
	sProgressEmpty
	sProgressSummaryOneOne
	sProgressSummaryOneOther
	sProgressSummaryOtherOne
	sProgressSummaryOtherOther
	sProgressDriftHeading
	sProgressDriftNoteOne
	sProgressDriftNoteOther
	sProgressBestHeading
	sProgressNextHeading
	sProgressRecoOne
	sProgressRecoOther
	sProgressRecoFresh
	sProgressTrapPivot
	sProgressTrapSpring
	sProgressTrapConnector
	sProgressTrapDisperser
	sListAnd
	sSettingsHeading
	sSettingsLanguage
	sSettingsTextSpeed
	sSettingsFontScale
	sSettingsFullscreen
	sSettingsOn
	sSettingsOff
	sSettingsBack
	sSettingsHint
	sSpeedSlow
	sSpeedNormal
	sSpeedFast
	sSpeedInstant
	sAssessHeading
	sAssessLoading
	sAssessLoadFailed
	sAssessLinkDead
	sAssessLinkUnknown
	sAssessAskPanel
	sAssessScenarios
	sAssessLimitsOn
	sAssessLimitsOff
	sAssessExplain
	sAssessExplainTimed
	sAssessExplainReview
	sAssessNameLabel
	sAssessNameHint
	sAssessNameNeeded
	sAssessBegin
	sAssessScenarioOf
	sAssessRecorded
	sAssessStartHint
	sAssessSubmitting
	sAssessThanks
	sAssessThanksBody
	sAssessSavedTo
	sAssessSendFailed
	sAssessNetwork
	sAssessServerSaid
	sAssessRetry
	sAssessClose
	sAssessTimeUp
	sAssessKeysHint
	sPauseButton
	sPauseHeading
	sPauseResume
	sPauseRestart
	sPauseSettings
	sPauseLeave
	sPauseKeysHint
	sPauseKeysHintOne
	sPauseAssessNote
	sPauseRestartAsk
	sPauseRestartNote
	sPauseRestartYes
	sPauseLeaveAsk
	sPauseLeaveNote
	sPauseLeaveYes
	sPauseKeepPlaying
	sTitleQuit
	sQuitAsk
	sQuitNote
	sQuitYes
	sQuitStay
	sVersionLabel

	sA11yView
	sA11yChoices
	sA11yCanvas
	sA11yStart
	sA11yTimeLimitOne
	sA11yTimeLimitOther
	sA11yTimeLeftOne
	sA11yTimeLeftOther

	sTeamJoinHeading
	sTeamJoinBody
	sTeamLinkLabel
	sTeamLinkHint
	sTeamContinue
	sTeamCancel
	sTeamLoading
	sTeamConsentHeading
	sTeamConsentTrainer
	sTeamConsentSent
	sTeamConsentSees
	sTeamConsentLeave
	sTeamConsentSwitch
	sTeamNameLabel
	sTeamNameHint
	sTeamConsentYes
	sTeamConsentNo
	sTeamProblemHeading
	sTeamPasteFailed
	sTeamLinkBad
	sTeamServerSaid
	sTeamOffline
	sTeamNameNeeded
	sTeamNameBad
	sTeamDebriefSent
	sTeamDebriefSending
	sTeamDebriefOffline
	sTeamDebriefRetry
	sTeamDebriefPaused
	sTeamDebriefPausedQueued
	sTeamDebriefFailed
	sTeamDebriefNotLibrary
	sSettingsTeam
	sTeamSettingsNone
	sTeamSettingsJoin
	sTeamSettingsStatus
	sTeamSettingsOn
	sTeamSettingsPaused
	sTeamSettingsWaitingOne
	sTeamSettingsWaitingOther
	sTeamSettingsClosed
	sTeamSettingsPause
	sTeamSettingsResume
	sTeamSettingsLeave
	sTeamSettingsLeaveSure
	sTeamSettingsStatusNoTrainer

	numStrs
)

// strKeys maps each id to its key in the TOML tables. The array length
// makes the compiler count: an id without a key is an empty string, which
// the tests reject.
var strKeys = [numStrs]string{
	sAppTitle:                    "app_title",
	sAppTagline:                  "app_tagline",
	sTitleLibrary:                "title_library",
	sTitleDropHint:               "title_drop_hint",
	sTitleTrainerFile:            "title_trainer_file",
	sTitleBest:                   "title_best",
	sTitleBestEnding:             "title_best_ending",
	sTitleNotPlayed:              "title_not_played",
	sTitlePlaysOne:               "title_plays_one",
	sTitlePlaysOther:             "title_plays_other",
	sTitlePlay:                   "title_play",
	sTitleSettings:               "title_settings",
	sTitleKeysHint:               "title_keys_hint",
	sTitleEmpty:                  "title_empty",
	sTitleSaveCorrupt:            "title_save_corrupt",
	sTitleSaveError:              "title_save_error",
	sSaveStorageFull:             "save_storage_full",
	sSaveStorageBlocked:          "save_storage_blocked",
	sTitleLibraryProblemsOne:     "title_library_problems_one",
	sTitleLibraryProblemsOther:   "title_library_problems_other",
	sTitleLanguage:               "title_language",
	sTitleAllLanguages:           "title_all_languages",
	sTitleSituations:             "title_situations",
	sTitleVignettes:              "title_vignettes",
	sTitleVignettesNote:          "title_vignettes_note",
	sTitleEmptyLanguage:          "title_empty_language",
	sProblemsHeading:             "problems_heading",
	sProblemsIntro:               "problems_intro",
	sProblemsBack:                "problems_back",
	sProblemsIntroWatch:          "problems_intro_watch",
	sReloaded:                    "reload_done",
	sReloadFailed:                "reload_failed",
	sReloadedMoved:               "reload_moved",
	sReloadedGone:                "reload_gone",
	sDialogueCustomer:            "dialogue_customer",
	sDialogueMood:                "dialogue_mood",
	sDialogueStep:                "dialogue_step",
	sDialogueHint:                "dialogue_hint",
	sDialogueSkipHint:            "dialogue_skip_hint",
	sDialogueMoreBelow:           "dialogue_more_below",
	sDialogueToDebrief:           "dialogue_to_debrief",
	sDialogueTimeLeft:            "dialogue_time_left",
	sDialogueMenu:                "dialogue_menu",
	sDialogueLogTitle:            "dialogue_log_title",
	sDialogueLogYou:              "dialogue_log_you",
	sDialogueLogNoAnswer:         "dialogue_log_no_answer",
	sMoodFurious:                 "mood_furious",
	sMoodUpset:                   "mood_upset",
	sMoodNeutral:                 "mood_neutral",
	sMoodPleased:                 "mood_pleased",
	sMoodDelighted:               "mood_delighted",
	sFeedbackHeading:             "feedback_heading",
	sFeedbackYourAnswer:          "feedback_your_answer",
	sFeedbackAction:              "feedback_action",
	sFeedbackFollowUp:            "feedback_follow_up",
	sFeedbackFed:                 "feedback_fed",
	sFeedbackNoWeight:            "feedback_no_weight",
	sFeedbackFits:                "feedback_fits",
	sFeedbackNotFit:              "feedback_not_fit",
	sFeedbackNoFit:               "feedback_no_fit",
	sFeedbackCoach:               "feedback_coach",
	sFeedbackMoodChange:          "feedback_mood_change",
	sFeedbackWalkedOut:           "feedback_walked_out",
	sFeedbackContinue:            "feedback_continue",
	sActionAssume:                "action_assume",
	sActionDerive:                "action_derive",
	sActionConnect:               "action_connect",
	sActionEscalate:              "action_escalate",
	sActionNone:                  "action_none",
	sFollowNone:                  "follow_none",
	sFollowPromise:               "follow_promise",
	sFollowMonitor:               "follow_monitor",
	sFollowClose:                 "follow_close",
	sArchPivot:                   "arch_pivot",
	sArchSpring:                  "arch_spring",
	sArchConnector:               "arch_connector",
	sArchDisperser:               "arch_disperser",
	sArchShockAbsorber:           "arch_shock_absorber",
	sArchNone:                    "arch_none",
	sArchInTextPivot:             "arch_in_text_pivot",
	sArchInTextSpring:            "arch_in_text_spring",
	sArchInTextConnector:         "arch_in_text_connector",
	sArchInTextDisperser:         "arch_in_text_disperser",
	sArchInTextShockAbsorber:     "arch_in_text_shock_absorber",
	sArchDescPivot:               "arch_desc_pivot",
	sArchDescSpring:              "arch_desc_spring",
	sArchDescConnector:           "arch_desc_connector",
	sArchDescDisperser:           "arch_desc_disperser",
	sArchDescShockAbsorber:       "arch_desc_shock_absorber",
	sArchDescNone:                "arch_desc_none",
	sEndingResolved:              "ending_resolved",
	sEndingUnresolved:            "ending_unresolved",
	sEndingLost:                  "ending_lost",
	sDebriefHeading:              "debrief_heading",
	sDebriefEnding:               "debrief_ending",
	sDebriefFinalMood:            "debrief_final_mood",
	sDebriefArchetype:            "debrief_archetype",
	sDebriefDriftMap:             "debrief_drift_map",
	sDebriefTrailHint:            "debrief_trail_hint",
	sDebriefPath:                 "debrief_path",
	sDebriefFits:                 "debrief_fits",
	sDebriefNotFit:               "debrief_not_fit",
	sDebriefNoFit:                "debrief_no_fit",
	sDebriefReplay:               "debrief_replay",
	sDebriefAnother:              "debrief_another",
	sDebriefArchetypes:           "debrief_archetypes",
	sDebriefFittingOneOne:        "debrief_fitting_one_one",
	sDebriefFittingOneOther:      "debrief_fitting_one_other",
	sDebriefFittingOtherOne:      "debrief_fitting_other_one",
	sDebriefFittingOtherOther:    "debrief_fitting_other_other",
	sDebriefYourDrift:            "debrief_your_drift",
	sDebriefWalkoutHead:          "debrief_walkout_head",
	sDebriefLostHead:             "debrief_lost_head",
	sVerdictTie:                  "verdict_tie",
	sVerdictUnclear:              "verdict_unclear",
	sVerdictLeaning:              "verdict_leaning",
	sVerdictTieBody:              "verdict_tie_body",
	sVerdictUnclearBodyOne:       "verdict_unclear_body_one",
	sVerdictUnclearBodyOther:     "verdict_unclear_body_other",
	sVerdictRule:                 "verdict_rule",
	sVerdictWalkoutClear:         "verdict_walkout_clear",
	sVerdictWalkoutTie:           "verdict_walkout_tie",
	sVerdictWalkoutUnclear:       "verdict_walkout_unclear",
	sVerdictWalkoutNone:          "verdict_walkout_none",
	sVerdictLostClear:            "verdict_lost_clear",
	sVerdictLostTie:              "verdict_lost_tie",
	sVerdictLostUnclear:          "verdict_lost_unclear",
	sVerdictLostNone:             "verdict_lost_none",
	sVerdictLostNote:             "verdict_lost_note",
	sDebriefMoved:                "debrief_moved",
	sDebriefMovedNone:            "debrief_moved_none",
	sDebriefMapClear:             "debrief_map_clear",
	sDebriefMapLost:              "debrief_map_lost",
	sTitleProgress:               "title_progress",
	sProgressHeading:             "progress_heading",
	sProgressEmpty:               "progress_empty",
	sProgressSummaryOneOne:       "progress_summary_one_one",
	sProgressSummaryOneOther:     "progress_summary_one_other",
	sProgressSummaryOtherOne:     "progress_summary_other_one",
	sProgressSummaryOtherOther:   "progress_summary_other_other",
	sProgressDriftHeading:        "progress_drift_heading",
	sProgressDriftNoteOne:        "progress_drift_note_one",
	sProgressDriftNoteOther:      "progress_drift_note_other",
	sProgressBestHeading:         "progress_best_heading",
	sProgressNextHeading:         "progress_next_heading",
	sProgressRecoOne:             "progress_reco_one",
	sProgressRecoOther:           "progress_reco_other",
	sProgressRecoFresh:           "progress_reco_fresh",
	sProgressTrapPivot:           "progress_trap_pivot",
	sProgressTrapSpring:          "progress_trap_spring",
	sProgressTrapConnector:       "progress_trap_connector",
	sProgressTrapDisperser:       "progress_trap_disperser",
	sListAnd:                     "list_and",
	sSettingsHeading:             "settings_heading",
	sSettingsLanguage:            "settings_language",
	sSettingsTextSpeed:           "settings_text_speed",
	sSettingsFontScale:           "settings_font_scale",
	sSettingsFullscreen:          "settings_fullscreen",
	sSettingsOn:                  "settings_on",
	sSettingsOff:                 "settings_off",
	sSettingsBack:                "settings_back",
	sSettingsHint:                "settings_hint",
	sSpeedSlow:                   "speed_slow",
	sSpeedNormal:                 "speed_normal",
	sSpeedFast:                   "speed_fast",
	sSpeedInstant:                "speed_instant",
	sAssessHeading:               "assess_heading",
	sAssessLoading:               "assess_loading",
	sAssessLoadFailed:            "assess_load_failed",
	sAssessLinkDead:              "assess_link_dead",
	sAssessLinkUnknown:           "assess_link_unknown",
	sAssessAskPanel:              "assess_ask_panel",
	sAssessScenarios:             "assess_scenarios",
	sAssessLimitsOn:              "assess_limits_on",
	sAssessLimitsOff:             "assess_limits_off",
	sAssessExplain:               "assess_explain",
	sAssessExplainTimed:          "assess_explain_timed",
	sAssessExplainReview:         "assess_explain_review",
	sAssessNameLabel:             "assess_name_label",
	sAssessNameHint:              "assess_name_hint",
	sAssessNameNeeded:            "assess_name_needed",
	sAssessBegin:                 "assess_begin",
	sAssessScenarioOf:            "assess_scenario_of",
	sAssessRecorded:              "assess_recorded",
	sAssessStartHint:             "assess_start_hint",
	sAssessSubmitting:            "assess_submitting",
	sAssessThanks:                "assess_thanks",
	sAssessThanksBody:            "assess_thanks_body",
	sAssessSavedTo:               "assess_saved_to",
	sAssessSendFailed:            "assess_send_failed",
	sAssessNetwork:               "assess_network",
	sAssessServerSaid:            "assess_server_said",
	sAssessRetry:                 "assess_retry",
	sAssessClose:                 "assess_close",
	sAssessTimeUp:                "assess_time_up",
	sAssessKeysHint:              "assess_keys_hint",
	sPauseButton:                 "pause_button",
	sPauseHeading:                "pause_heading",
	sPauseResume:                 "pause_resume",
	sPauseRestart:                "pause_restart",
	sPauseSettings:               "pause_settings",
	sPauseLeave:                  "pause_leave",
	sPauseKeysHint:               "pause_keys_hint",
	sPauseKeysHintOne:            "pause_keys_hint_one",
	sPauseAssessNote:             "pause_assess_note",
	sPauseRestartAsk:             "pause_restart_ask",
	sPauseRestartNote:            "pause_restart_note",
	sPauseRestartYes:             "pause_restart_yes",
	sPauseLeaveAsk:               "pause_leave_ask",
	sPauseLeaveNote:              "pause_leave_note",
	sPauseLeaveYes:               "pause_leave_yes",
	sPauseKeepPlaying:            "pause_keep_playing",
	sTitleQuit:                   "title_quit",
	sQuitAsk:                     "quit_ask",
	sQuitNote:                    "quit_note",
	sQuitYes:                     "quit_yes",
	sQuitStay:                    "quit_stay",
	sVersionLabel:                "version_label",
	sA11yView:                    "a11y_view",
	sA11yChoices:                 "a11y_choices",
	sA11yCanvas:                  "a11y_canvas",
	sA11yStart:                   "a11y_start",
	sA11yTimeLimitOne:            "a11y_time_limit_one",
	sA11yTimeLimitOther:          "a11y_time_limit_other",
	sA11yTimeLeftOne:             "a11y_time_left_one",
	sA11yTimeLeftOther:           "a11y_time_left_other",
	sTeamJoinHeading:             "team_join_heading",
	sTeamJoinBody:                "team_join_body",
	sTeamLinkLabel:               "team_link_label",
	sTeamLinkHint:                "team_link_hint",
	sTeamContinue:                "team_continue",
	sTeamCancel:                  "team_cancel",
	sTeamLoading:                 "team_loading",
	sTeamConsentHeading:          "team_consent_heading",
	sTeamConsentTrainer:          "team_consent_trainer",
	sTeamConsentSent:             "team_consent_sent",
	sTeamConsentSees:             "team_consent_sees",
	sTeamConsentLeave:            "team_consent_leave",
	sTeamConsentSwitch:           "team_consent_switch",
	sTeamNameLabel:               "team_name_label",
	sTeamNameHint:                "team_name_hint",
	sTeamConsentYes:              "team_consent_yes",
	sTeamConsentNo:               "team_consent_no",
	sTeamProblemHeading:          "team_problem_heading",
	sTeamPasteFailed:             "team_paste_failed",
	sTeamLinkBad:                 "team_link_bad",
	sTeamServerSaid:              "team_server_said",
	sTeamOffline:                 "team_offline",
	sTeamNameNeeded:              "team_name_needed",
	sTeamNameBad:                 "team_name_bad",
	sTeamDebriefSent:             "team_debrief_sent",
	sTeamDebriefSending:          "team_debrief_sending",
	sTeamDebriefOffline:          "team_debrief_offline",
	sTeamDebriefRetry:            "team_debrief_retry",
	sTeamDebriefPaused:           "team_debrief_paused",
	sTeamDebriefPausedQueued:     "team_debrief_paused_queued",
	sTeamDebriefFailed:           "team_debrief_failed",
	sTeamDebriefNotLibrary:       "team_debrief_not_library",
	sSettingsTeam:                "settings_team",
	sTeamSettingsNone:            "team_settings_none",
	sTeamSettingsJoin:            "team_settings_join",
	sTeamSettingsStatus:          "team_settings_status",
	sTeamSettingsOn:              "team_settings_on",
	sTeamSettingsPaused:          "team_settings_paused",
	sTeamSettingsWaitingOne:      "team_settings_waiting_one",
	sTeamSettingsWaitingOther:    "team_settings_waiting_other",
	sTeamSettingsClosed:          "team_settings_closed",
	sTeamSettingsPause:           "team_settings_pause",
	sTeamSettingsResume:          "team_settings_resume",
	sTeamSettingsLeave:           "team_settings_leave",
	sTeamSettingsLeaveSure:       "team_settings_leave_sure",
	sTeamSettingsStatusNoTrainer: "team_settings_status_no_trainer",
}
