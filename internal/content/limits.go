package content

// Text limits, in characters as a writer counts them, checked before
// anything is converted or stored: generous for a newsroom, and they keep
// one save from storing megabytes (every article save also keeps a
// revision). Slugs are ASCII, so their limit is also in bytes.
const (
	// Articles.
	MaxHeadlineChars   = 300 // the pre-publish check asks for MaxHeadline
	MaxStandfirstChars = 2_000
	MaxBodyChars       = 200_000 // about 30,000 words
	MaxSlugChars       = 100
	MaxAltChars        = 1_000
	MaxCaptionChars    = 1_000
	MaxCreditChars     = 300
	MaxCorrectionChars = 5_000
	MaxTopicListChars  = 2_000 // the comma-separated topics as typed
	MaxTopicChars      = 60
	MaxTopics          = 20
	// The search and social texts: hard limits far above what the
	// pre-publish checks ask for (SEOTitleAdvice, SocialDescriptionAdvice).
	MaxSEOTitleChars          = 300
	MaxSocialTitleChars       = 300
	MaxSocialDescriptionChars = 2_000

	// Sections, series, topics and authors.
	MaxSectionNameChars = 80
	MaxDescriptionChars = 2_000
	MaxAuthorNameChars  = 120
	MaxBioChars         = 4_000
	MaxAuthorLinks      = 20
	MaxURLChars         = 2_000

	// Settings.
	MaxPublicationNameChars = 120
	MaxTaglineChars         = 300
	MaxTimeZoneChars        = 64
	MaxLanguageChars        = 35 // what RFC 5646 asks every implementation to take
	MaxSupportTextChars     = 500
	MaxPrivacyNoticeChars   = 50_000
	MaxPostalAddressChars   = 500
	MaxPostalAddressLines   = 8
)
