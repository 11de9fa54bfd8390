package demo

// Newsletter is one of the demo publication's newsletters, of the four
// kinds the model page offers.
type Newsletter struct {
	Slug, Name, Description, Cadence string
	SenderName, SenderEmail          string
	ReplyTo                          string
	Public, OnArticles               bool
}

// Subscriber is a demo reader who signed up and confirmed. Addresses are
// at the reserved example domains, so nothing sent to them leaves.
type Subscriber struct {
	Email       string
	Sector      string   // a name from the default job-sector list, or ""
	Newsletters []string // newsletter slugs
	DaysAgo     int      // when they subscribed
}

// SignUpWording is the consent wording the demo's sign-up form shows.
const SignUpWording = "Choose the newsletters you want and enter your email address. We will email you a link to confirm; " +
	"nothing else is sent until you do. We use your address only to send the newsletters you chose, and your job sector, " +
	"if you give it, only to understand who reads them. Every email has a link to change your choices, unsubscribe, " +
	"download or erase what we hold. Our privacy notice explains your rights."

// Newsletters returns the demo's four newsletters, in the order a sign-up
// form lists them.
func Newsletters() []Newsletter {
	const sender, addr = "The Northbridge Weekly", "newsletters@northbridge.example"
	return []Newsletter{
		{Slug: "saturday-guide", Name: "The Saturday Guide", Cadence: "every Saturday",
			Description: "The week in Northbridge in one email: what the council decided, what it means for you, and the culture worth leaving the house for.",
			SenderName:  sender, SenderEmail: addr, ReplyTo: "letters@northbridge.example", Public: true, OnArticles: true},
		{Slug: "morning-briefing", Name: "Morning Briefing", Cadence: "daily, weekdays at 7am",
			Description: "Five things to know before the working day starts, from the newsroom's reporters.",
			SenderName:  sender, SenderEmail: addr, Public: true, OnArticles: true},
		{Slug: "events-and-offers", Name: "Events and Offers", Cadence: "events and offers, about twice a month",
			Description: "Invitations to our talks and tours, and offers from the partners who support the magazine.",
			SenderName:  "Northbridge Weekly Events", SenderEmail: "events@northbridge.example", Public: true, OnArticles: true},
		{Slug: "policy-weekly", Name: "Policy Team Weekly", Cadence: "every Thursday",
			Description: "Our policy team's analysis of the week's state and council decisions, for people who work with them.",
			SenderName:  "Northbridge Weekly Policy Team", SenderEmail: "policy@northbridge.example", Public: true, OnArticles: true},
	}
}

// Subscribers returns the demo's confirmed readers.
func Subscribers() []Subscriber {
	return []Subscriber{
		{"margaret.oduya@example.org", "Planning, Policy, Strategy", []string{"saturday-guide", "policy-weekly"}, 240},
		{"tom.whitlock@example.net", "Education, Curriculum and Teaching", []string{"saturday-guide"}, 200},
		{"priya.raman@example.com", "Health - Medical and Nursing Management", []string{"morning-briefing", "saturday-guide"}, 180},
		{"j.kowalski@example.org", "Construction, Works, Engineering", []string{"morning-briefing"}, 150},
		{"alice.nguyen@example.net", "Arts and Culture", []string{"saturday-guide", "events-and-offers"}, 120},
		{"ben.okafor@example.com", "", []string{"morning-briefing"}, 95},
		{"rosa.delgado@example.org", "Wellbeing, Community / Social Services", []string{"policy-weekly", "morning-briefing"}, 70},
		{"sam.lee@example.net", "Information and Communications Technology", []string{"saturday-guide", "morning-briefing", "events-and-offers"}, 45},
		{"hannah.fischer@example.com", "Legal Officers and Practitioners", []string{"policy-weekly"}, 30},
		{"dev.patel@example.org", "Finance Management", []string{"morning-briefing", "policy-weekly"}, 14},
		{"claire.martin@example.net", "", []string{"events-and-offers"}, 6},
		{"omar.haddad@example.com", "Public Relations and Media", []string{"saturday-guide"}, 2},
	}
}

// Issue is the demo's sent issue: a campaign to one newsletter that the
// send job delivers when the demo is served, so a newcomer finds a sent
// campaign with its counts on the newsroom's send pages.
type Issue struct {
	Newsletter string // slug
	Subject    string
	Preheader  string
	Intro      string
	Articles   []string // slugs, in the order the email shows them
}

// SentIssue is the Saturday Guide's issue of the week the demo shows.
func SentIssue() Issue {
	return Issue{Newsletter: "saturday-guide",
		Subject:   "The week in Northbridge: Eastgate homes, the Corn Exchange and the river",
		Preheader: "What the council decided, the grand room reopened, and when not to swim.",
		Intro: "Good morning. The council sat past midnight to back the Eastgate housing plan; here is what it means for the people who live there.\n\n" +
			"Then something lighter: the Corn Exchange is open again, and the river is cleaner than it has been in decades. Enjoy the weekend.",
		Articles: []string{"council-backs-eastgate-housing-plan-after-late-night-vote", "corn-exchange-reopens-after-restoration",
			"wattle-river-cleaner-than-in-decades-but-not-after-rain", "what-the-audit-committee-saw"}}
}
