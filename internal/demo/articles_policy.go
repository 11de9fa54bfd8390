package demo

func policyArticles() []Article {
	return []Article{
		{
			Slug:         "what-inclusionary-zoning-would-mean-for-northbridge",
			Headline:     "What inclusionary zoning would mean for Northbridge",
			Standfirst:   "The state government is considering a rule requiring new developments to include affordable homes. Here is how it would work, who would pay and what the evidence says.",
			Section:      "policy",
			Series:       "explainer",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Housing", "Planning"},
			DaysAgo:      8,
			HourOfDay:    8,
			ImageAlt:     "Cranes above a half-built apartment block, seen across a street of older single-storey houses.",
			ImageCaption: "A statewide rule would apply to every development above a set size, not only to sites the council rezones.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Inclusionary zoning is a planning rule that requires new residential developments above a certain size to include a share of affordable homes, either built on the site or paid for through a contribution to a fund. The state government has said it is considering such a rule for larger cities, including Northbridge, and a discussion paper is expected before the end of the year.

## How would it work?

The details are not settled, but most schemes share the same basic shape. Developments above a threshold, often ten or twenty homes, must set aside a percentage of them, typically between 5 and 15 per cent, to be sold or let below market price, usually through a community housing provider. Some schemes let developers pay a fee instead, which is then used to build affordable housing elsewhere.

The Eastgate rail yards plan, which goes to a council vote later this month, includes a similar requirement set at 20 per cent. But it would apply only to that site, and it was negotiated as part of the rezoning. A statewide rule would apply automatically.

## Who pays?

This is the question that matters most and is argued about most. Developers say the cost of the affordable homes is passed on to buyers of the other homes, making them more expensive. Economists who have studied the question tend to find that, where the rule is known in advance and applied consistently, much of the cost is absorbed in the price developers pay for land, because they factor it into what they can afford to offer.

>> The key is certainty. A rule that everyone knows about before they buy land is a rule that gets priced into land.
>> — Dr Helena Marsh, urban economist

The important caveat is timing. Land already bought at prices that assumed no such rule cannot be renegotiated, which is why most schemes are phased in over several years.

## Does it work?

Inclusionary zoning produces affordable homes, but on its own it rarely matches the scale of a city's shortfall. In places where it has operated for decades, it has typically contributed somewhere between a tenth and a quarter of new affordable housing, with the rest coming from direct public investment. Advocates see it as one tool among several; critics see it as a way for governments to look busy without spending money.

For Northbridge, where the council estimates a shortfall of around 4,000 affordable homes, a 10 per cent requirement at current building rates would deliver perhaps 150 homes a year. That is not nothing. It is also not enough on its own, which is the one point on which almost everyone in the debate agrees.

## What happens next?

The discussion paper will set out options rather than a final rule. Submissions will be open for at least eight weeks, and the government has said it will meet councils, developers and community housing providers before deciding. Any rule would need legislation, which means it is unlikely to take effect before 2028.`,
		},
		{
			Slug:         "where-your-rates-go",
			Headline:     "Where your rates go: a plain guide to the council's $310 million budget",
			Standfirst:   "Rates are rising by 3.5 per cent this year. Here is what a typical household pays, what the money is spent on, and where to find the detail.",
			Section:      "policy",
			Series:       "explainer",
			Authors:      []string{"priya-raman", "daniel-okafor"},
			Topics:       []string{"Budget", "Local government"},
			DaysAgo:      13,
			HourOfDay:    10,
			ImageAlt:     "A council road crew lays fresh asphalt on a suburban street in the late afternoon.",
			ImageCaption: "Roads, footpaths and drains take about 24 cents of every dollar the council spends.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `Northbridge City Council will spend about $310 million in the coming financial year. Roughly half of it comes from rates, the property tax paid by every landowner in the city. The rest comes from fees and charges, state and federal grants, and interest on the council's cash reserves. This year rates are rising by 3.5 per cent, the maximum the state allows.

## What does a typical household pay?

The median residential rates bill in Northbridge will be about $2,190 this year, up from $2,116. Rates are calculated on the value of a property, so owners of more valuable land pay more. Renters do not receive a bill, but economists generally expect some of the cost to be reflected in rents over time.

## Where does it go?

The single biggest item is roads, footpaths and drains, at about 24 cents in every dollar. Waste collection and recycling takes 14 cents, parks and open space 11 cents, and community services (libraries, maternal and child health, aged care support and youth services) 18 cents together. Planning and building approvals account for 6 cents. The remainder covers everything from street lighting to insurance and debt repayments.

The council's spending on administration is often the subject of complaints, and it is worth being precise about it. "Corporate services", meaning finance, IT, human resources, legal and the chief executive's office, costs about 9 cents in every dollar. That is in line with councils of similar size, according to the state's local government performance reporting.

## Why is it going up?

The council says the cost of the things it maintains has grown faster than general inflation. Road construction costs, for example, have risen by about 30 per cent over three years, driven by the price of asphalt, concrete and labour. The council also takes on new assets every year, such as parks and roads built in new housing estates, which it must then maintain indefinitely.

## Can I see the detail?

Yes. The full budget is published on the council's website, and the summary tables on pages 14 to 22 are the most readable part. If you want to understand one thing, look at the capital works list at the back, which names every project the council intends to build or renew this year, street by street.

See also: /articles/the-budget-nobody-read`,
		},
		{
			Slug:         "the-funding-formula-that-leaves-northbridge-libraries-short",
			Headline:     "The funding formula that leaves Northbridge's libraries short",
			Standfirst:   "State library grants are still calculated on population figures from 2011. For a fast-growing city, the gap is worth about $900,000 a year.",
			Section:      "policy",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Libraries", "Budget"},
			DaysAgo:      21,
			HourOfDay:    9,
			ImageAlt:     "Rows of returned library books on a trolley in front of a self-service loans machine.",
			ImageCaption: "Library grants are one of the few sources of library funding councils have besides rates.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `Every year the state government gives councils money towards running public libraries, through a grant calculated by formula. The formula is meant to be fair: councils with more people receive more money. But the population figures it uses have not been updated since 2011, and for Northbridge, which has grown by roughly 28 per cent since then, the result is a grant that is far smaller than a current count would justify.

An analysis by the Weekly, using the formula published in the state library board's funding guidelines and current population estimates, suggests Northbridge is receiving about $900,000 a year less than it would if the figures were brought up to date. Councils whose populations have shrunk or grown slowly over the same period, mostly in rural areas, are receiving more than a current count would give them.

The state library board does not dispute the arithmetic. A spokesperson said the formula was "under review" and that any change would need to ensure that "no council is left worse off in a single year". That is the difficulty: updating the figures would mean taking money from some councils to give to others, unless the total pool is increased.

Library managers in growing cities have raised the problem for at least six years. A submission to a parliamentary inquiry in 2020, signed by eleven councils including Northbridge, described the formula as "a photograph of a state that no longer exists".

The gap matters because library grants are one of the few sources of funding councils have for libraries other than rates. When the grant stays flat and costs rise, the difference is made up from the general budget or by cutting services, as happened in Northbridge last year, when four branches lost their evening and Sunday hours.

The state opposition has promised to update the formula if elected, but has not said whether it would increase the overall funding pool or simply redistribute it. The government says it will respond to the board's review next year.

See also: /articles/library-opening-hours-restored-at-four-branches

See also: /articles/the-small-dignity-of-a-library-card`,
		},
		{
			Slug:         "free-buses-for-under-18s-what-the-evidence-says",
			Headline:     "Free buses for under-18s: what the evidence says",
			Standfirst:   "Three councillors want Northbridge to lobby for free public transport for young people. Here is what has happened where it has been tried.",
			Section:      "policy",
			Series:       "explainer",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Transport", "Education"},
			DaysAgo:      27,
			HourOfDay:    10,
			ImageAlt:     "Secondary school students in uniform board a city bus at a stop outside a school gate.",
			ImageCaption: "Most new trips by young people under free-fare schemes are made outside school hours.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Three Northbridge councillors have proposed that the council formally ask the state government to make public transport free for everyone under eighteen. The motion will be debated next month. It is a popular idea, with 71 per cent support in a council survey last year, but what does the evidence from places that have done it actually show?

## Do more young people use public transport?

Yes, consistently. Where fares for young people have been removed, studies generally find increases in trips by young people of between 15 and 40 per cent in the first two years. Much of the increase is in off-peak travel: evenings, weekends and school holidays, when young people are travelling for work, sport or social reasons rather than to school.

## Does it reduce car trips?

Less clearly. Some of the new trips replace lifts from parents, which reduces driving. Others replace walking or cycling, which does not. And some are trips that would not otherwise have been made at all. Studies that have tried to measure the effect on traffic tend to find it is real but modest.

## What does it cost?

The main cost is lost fare revenue. Northbridge Transit does not publish fare revenue by age group, but using statewide figures, the Weekly estimates that young people's fares in Northbridge bring in between $3 million and $4 million a year. There may also be costs from extra services if buses on popular routes become crowded.

## What do supporters say?

Supporters argue that the benefits go beyond transport. Cr Lisa Tran-Whitfield, one of the motion's sponsors, said young people in suburbs like Carrow Heights "are cut off from jobs, sport and friends because a week of bus fares is a real cost for their families". Research on young people's access to part-time work supports the point that transport is a barrier in outer suburbs.

The honest summary is that free fares for young people are good at getting young people onto buses, less good at getting cars off roads, and only as useful as the buses are frequent. In a suburb where the bus comes once an hour, a free ticket is a smaller gift than it sounds.

See also: /articles/route-38-cuts-leave-carrow-heights-with-one-bus-an-hour`,
		},
		{
			Slug:         "council-brings-parks-and-cleaning-back-in-house",
			Headline:     "Council brings parks and cleaning back in-house after outsourcing review",
			Standfirst:   "A review found that contracts for parks maintenance and building cleaning cost more than running the services directly. About 140 workers will become council employees.",
			Section:      "policy",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Public sector workforce", "Local government", "Budget"},
			DaysAgo:      42,
			HourOfDay:    8,
			ImageAlt:     "A parks worker on a ride-on mower cuts the grass beside a playground in a suburban park.",
			ImageCaption: "Most of the 140 workers affected have worked on council sites for years under a succession of contractors.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `Northbridge City Council will take its parks maintenance and building cleaning services back in-house from July, after an independent review found that the contracts under which they have been run for fifteen years cost more than doing the work directly.

About 140 workers currently employed by the two contractors will be offered jobs with the council on equivalent or better terms. Most of them already work on council sites every day, and many have done so under three different employers as the contracts have changed hands.

The review, by a consultancy engaged by the council last year, compared the cost of the contracts with an estimate of what the council would pay to deliver the same services itself, including wages, equipment, supervision and management. It found that direct delivery would be about 7 per cent cheaper over ten years for parks and 4 per cent cheaper for cleaning, mainly because the council would not pay a contractor's profit margin and could share equipment and depots with its existing road maintenance crews.

>> For fifteen years we've worn a different uniform every few years. The work never changed. The grass still grew.
>> — Darren Molloy, parks worker

The review also found that the council's ability to specify and check the quality of the work had declined over the life of the contracts. The council had reduced its own contract management staff from six to two, and the review said it "could not be confident" that it had been receiving the service it was paying for.

The decision was supported by ten of the eleven councillors. Cr Marcus Yeo, who voted against it, said the figures relied on assumptions about efficiency that the council had not shown it could achieve, and that the savings could easily disappear if wage costs grew faster than expected.

The Civic Workers Union, which represents many of the affected workers, welcomed the decision. Its local organiser, Kiri Hohaia, said workers would be "glad to stop reapplying for their own jobs every time a contract ends".

The review did not recommend bringing back the council's waste collection contract, which it found to be competitive, or its IT support contract, which it said would be difficult to replicate in-house.

See also: /articles/who-cleans-the-town-hall`,
		},
		{
			Slug:         "could-a-city-housing-trust-build-the-homes-the-market-wont",
			Headline:     "Could a city housing trust build the homes the market won't?",
			Standfirst:   "A proposal to put council land into a trust that builds and owns rental homes has support across the chamber. The hard part is the money.",
			Section:      "policy",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Housing", "Local government", "Budget"},
			DaysAgo:      55,
			HourOfDay:    9,
			ImageAlt:     "A fenced, overgrown former council depot with a rusted shed, surrounded by houses.",
			ImageCaption: "Old depots and car parks make up much of the 40 hectares of council land identified as surplus.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `For most of its history, Northbridge City Council has had little to do with housing beyond approving it. The state builds public housing; the market builds everything else. A proposal now before the council would change that, by creating a city housing trust that would build and own rental homes on council land, let them at below-market rents and hold them permanently.

The idea is not new. Cities in several countries have long used municipal housing companies or community land trusts to build homes that stay affordable because the land under them is never sold. What is new in Northbridge is the breadth of support: a motion to investigate a trust was seconded by councillors from opposite ends of the chamber and passed without dissent.

## The land

The council owns about 40 hectares of land that it has identified as surplus, including old depots, car parks and a former landfill site in Millbrook that would need remediation. Officers estimate that, over fifteen years, these sites could accommodate around 1,500 homes. Because the trust would not need to buy land, its homes would cost much less to build than comparable private ones.

## The money

Land is only part of the cost. Construction would still need to be financed, and the council's borrowing capacity is limited by state rules. The proposal would have the trust borrow on its own account, backed by the rental income from its homes, and seek state and federal funding for the gap between what it could borrow and what it would cost to build.

>> Free land gets you about a third of the way there. Everything after that is the hard part.
>> — Paul Adeyemi, community housing consultant

Critics say the council would be taking on risks it is not equipped to manage: construction delays, cost overruns and the long-term maintenance of buildings. Supporters respond that a trust would be run by a board with the necessary expertise, at arm's length from councillors, and that the alternative, selling the land to the highest bidder, would give up the city's one real advantage for good.

A detailed business case is due in March. Whether the trust gets beyond that will depend less on goodwill in the chamber than on whether anyone at the state or federal level is willing to fund the gap.

See also: /articles/what-inclusionary-zoning-would-mean-for-northbridge`,
		},
		{
			Slug:         "schools-wait-months-for-mental-health-support",
			Headline:     "Northbridge schools wait months for student mental health support",
			Standfirst:   "Students referred to the school-based counselling service wait an average of eleven weeks. Principals say the need has outgrown a program designed a decade ago.",
			Section:      "policy",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Public health", "Education"},
			DaysAgo:      67,
			HourOfDay:    9,
			ImageAlt:     "An empty school corridor lined with lockers, with a door marked Wellbeing at the far end.",
			ImageCaption: "Six clinicians cover fourteen public secondary schools in Northbridge.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `Students at Northbridge's public secondary schools who are referred for counselling through the state's school-based mental health program are waiting an average of eleven weeks for a first appointment, according to figures obtained by the Weekly under freedom of information laws.

The program, introduced in 2014, funds psychologists and social workers who divide their time between several schools. In Northbridge, six clinicians cover fourteen schools with a combined enrolment of about 11,000 students. Referrals have more than doubled since 2019.

Principals say the program was designed for a different scale of need. "When it started, we'd refer a handful of students a term," said the principal of one school in the city's west, who asked that the school not be named to protect its students' privacy. "Now we refer that many in a week, and some of them are in real danger."

While students wait, schools fill the gap with what they have: wellbeing coordinators, who are usually teachers with some extra training and a reduced teaching load, and referrals to community services that have their own waiting lists. For students whose families can afford it, private psychologists are an option, though those in Northbridge also report waiting lists of two months or more.

The education department said it had increased funding for the program by 15 per cent over three years and was recruiting additional clinicians, though it acknowledged that recruitment in the city had been difficult. A spokesperson said students in crisis were "prioritised and seen urgently", and that the average wait included students with less pressing needs.

Mental health researchers say waiting times matter even for students who are not in crisis, because early support is what stops problems becoming severe. The state's mental health commission recommended last year that school-based services be expanded to a ratio of one clinician for every 500 students. In Northbridge, the ratio is closer to one for every 1,800.`,
		},
		{
			Slug:         "lobbying-register-proposal-stalls-for-third-time",
			Headline:     "Proposal for a council lobbying register stalls for the third time",
			Standfirst:   "A public record of meetings between councillors and developers has been proposed three times in five years. Each time it has been sent back for more work.",
			Section:      "policy",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Accountability", "Local government", "Elections"},
			DaysAgo:      90,
			HourOfDay:    9,
			ImageAlt:     "Councillors seated around a horseshoe-shaped table in the Northbridge council chamber during a vote.",
			ImageCaption: "The lobbying register motion was deferred for officers to report on how other councils run theirs.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `A proposal that would require Northbridge councillors to publish a record of their meetings with developers, lobbyists and others with business before the council was deferred on Tuesday night, the third time in five years that the idea has reached the chamber and failed to get through it.

The motion, moved by Cr Bernard Doyle, would have created a public register listing the date of each meeting, who attended and which council matter was discussed. Similar registers are already required of state ministers and are used by several councils in other states.

Councillors who voted to defer the motion said they supported transparency in principle but had concerns about how the register would work. Cr Marcus Yeo said it was not clear whether a conversation at the supermarket with a constituent who happened to own a building company would count as a meeting. Others questioned whether the council had the staff to maintain the register.

Cr Doyle said the concerns had been raised and answered twice before. "Every time this comes up, we're told it needs more work," he said. "I'd gently suggest that five years is enough work."

The state's integrity commission has recommended lobbying registers for local government in two reports, most recently last year, when it found that informal access to councillors was "a recurring feature" of the planning matters it had investigated. It made no findings about Northbridge.

Council officers will now prepare a report on how other councils operate their registers. It is due in four months, which means that if the motion returns, it will be debated in the lead-up to next year's council elections.`,
		},
	}
}
