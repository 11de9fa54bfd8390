package demo

func newsArticles() []Article {
	return []Article{
		{
			Slug:         "by-election-called-for-kellaway-ward",
			Headline:     "By-election called for Kellaway ward after councillor resigns",
			Standfirst:   "Voters in the city's western ward will go to the polls in eight weeks. At least four candidates are expected to stand.",
			Section:      "news",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Elections", "Local government"},
			DaysAgo:      0,
			HourOfDay:    16,
			ImageAlt:     "A row of empty polling booths with cardboard screens set up in a community hall.",
			ImageCaption: "Kellaway's by-election will be held entirely by post, the first in the city to be run that way.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Voters in Kellaway will elect a new councillor in eight weeks' time after Cr Sandra Whitcombe resigned from Northbridge City Council on Monday, citing family reasons.

Cr Whitcombe, an independent who was first elected six years ago, told colleagues in a letter that she had "loved every minute of representing Kellaway, including the difficult ones" but that caring responsibilities meant she could no longer give the role the time it needed. Her resignation takes effect immediately.

The state electoral commission has confirmed that the by-election will be held by postal vote, with ballot packs sent to the ward's roughly 14,500 enrolled voters in the fourth week of the campaign. Nominations open next Monday and close ten days later.

At least four people have said they intend to stand. They include Priya Nandakumar, a pharmacist who chairs the Kellaway traders' association; Tom Rees, a retired engineer who ran unsuccessfully at the last election; and Joel Abara, a youth worker at the Kellaway community centre. A fourth candidate, who has not yet been named, is expected to be endorsed by a local residents' group.

The result will not change the balance of the council, where no group holds a majority, but several councillors said privately that it could affect the outcome of close votes on housing and the budget. Cr Whitcombe voted against the Eastgate rail yards plan, which passed by a single vote this week.

The electoral commission will hold a briefing for prospective candidates at the Town Hall next Tuesday evening. Residents can check their enrolment on the [commission's website](https://example.org/electoral-commission/enrolment) until nominations close.

See also: /articles/council-backs-eastgate-housing-plan-after-late-night-vote`,
		},
		{
			Slug:         "council-backs-eastgate-housing-plan-after-late-night-vote",
			Headline:     "Council backs Eastgate housing plan after a late-night vote",
			Standfirst:   "Councillors voted 6–5 shortly before midnight to rezone the old rail yards for 1,100 homes, a fifth of them below market rent. Opponents say the fight is not over.",
			Section:      "news",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Housing", "Local government", "Planning"},
			DaysAgo:      1,
			HourOfDay:    8,
			ImageAlt:     "Residents fill the public gallery of the Northbridge council chamber, some holding handwritten signs about housing.",
			ImageCaption: "The public gallery was full for most of the five-hour debate on the rail yards.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Correction:   "An earlier version of this article said the plan's first stage would deliver 240 homes. It will deliver 420.",
			Body: `Northbridge City Council has approved the rezoning of the former Eastgate rail yards for housing, ending a two-year argument over the largest vacant site in the inner city with a vote that was decided by a single councillor shortly before midnight on Tuesday.

The plan allows for about 1,100 homes across eleven buildings of between four and nine storeys, with a fifth of them required to be let below market rent for at least thirty years. The first stage, on the northern edge of the site along Tanners Lane, is expected to deliver 420 homes, with construction scheduled to begin next autumn if the state planning department signs off on the amendment.

The public gallery was full from the start of the meeting at 6pm and remained so for much of the five hours of debate. Councillors heard from 23 speakers, including residents of the neighbouring streets, two builders, a representative of the Northbridge Tenants' Union and a group of students from the Northbridge Institute of Technology who said they could not afford to live within an hour of their classes.

>> We have spent two years talking about who this site is for. Tonight the answer was: people who work here.
>> — Nadia Haddad, Northbridge Tenants' Union

The mayor, Cr Angela Ferris, provided the decisive sixth vote after Cr Marcus Yeo, who represents Eastgate, moved an amendment lowering the maximum height of the two buildings closest to Carlisle Street from nine storeys to six. The amendment passed unanimously, which Cr Ferris said had "made the difference" to her support.

Opponents argued that the below-market share was too low and that the council had not secured enough open space. Cr Bernard Doyle, who voted against the plan, said a fifth was "a number chosen to sound generous rather than to house anyone in particular", and called for the proportion to be reviewed before the second stage.

Residents of the Carlisle Street area, who formed an action group last year, said they would consider asking the state planning minister to call in the decision. Their spokesperson, Graeme Holt, said the group was not against housing on the site but had been "consistently ignored" on traffic and school places.

The rail yards have been vacant since the freight terminal moved to the city's northern edge in 2009. A previous plan for the site, which would have included a shopping centre and about 400 homes, collapsed in 2016 when the developer went into administration. Since then the land, owned by a state agency, has been used for overflow parking and, for two summers, a night market.

Under the approved plan, the below-market homes would be owned and managed by the community housing partner in the joint venture, with rents set at no more than 30 per cent of a household's income and priority given to people who work in the city in essential services such as health, education and public transport.

The council's planning staff will now prepare the amendment for the state government, a process the council's chief executive, Graham Pettit, said would take "a matter of weeks, not months". The developer, a joint venture between a superannuation fund and a community housing provider, has not yet lodged a building application.

See also: /articles/what-inclusionary-zoning-would-mean-for-northbridge`,
		},
		{
			Slug:         "route-38-cuts-leave-carrow-heights-with-one-bus-an-hour",
			Headline:     "Route 38 cuts leave Carrow Heights with one bus an hour",
			Standfirst:   "Northbridge Transit says the route has too few passengers to justify its timetable. Residents say that is because the timetable already failed them.",
			Section:      "news",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Transport", "Community services"},
			DaysAgo:      10,
			HourOfDay:    9,
			ImageAlt:     "A woman in a care worker's uniform waits alone at a lit bus shelter on a suburban road at night.",
			ImageCaption: "From next month the last Route 38 service from the city will leave at 9.10pm.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `From the first Monday of next month, the Route 38 bus between Carrow Heights and the city centre will run once an hour outside the morning and evening peaks, down from every twenty minutes. The last service from the city will leave at 9.10pm rather than 11.40pm.

Northbridge Transit, which runs the city's buses under contract to the state government, said the change was part of a network review that would move services to routes with higher demand. A spokesperson said Route 38 carried an average of eleven passengers per trip outside peak hours, against a network average of twenty-six.

For people who rely on the route, the figures miss the point. Carrow Heights has the lowest rate of car ownership of any suburb in the city, according to census data, and is home to a large share of the city's shift workers, many of them in health and aged care.

>> If you finish a late shift at the hospital, the last bus has gone. So you pay for a taxi, or you stop taking late shifts.
>> — Mereana Wiremu, aged care worker, Carrow Heights

Ms Wiremu, who has lived in the suburb for fourteen years, said she had watched the service decline gradually. "Every time they cut it, fewer people use it, and then they point at the numbers and cut it again," she said.

The Carrow Heights Residents' Association has collected more than 1,200 signatures on a petition asking the transport minister to reverse the change, and will present it at a public meeting at the community centre on Thursday. The association's secretary, Ian Broadbent, said the petition was "the largest we have ever run, and we once ran one about a swimming pool".

Northbridge Transit said it would monitor patronage on the new timetable and "consider adjustments" at the next review in twelve months. The state opposition's transport spokesperson has called for the review's data to be published in full.`,
		},
		{
			Slug:         "emergency-waits-at-northbridge-general-longest-in-a-decade",
			Headline:     "Emergency waits at Northbridge General are the longest in a decade",
			Standfirst:   "Fewer than half of patients were seen within the recommended time in the last quarter. Staff point to a shortage of beds on the wards, not in the emergency department.",
			Section:      "news",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Public health", "Public sector workforce"},
			DaysAgo:      11,
			HourOfDay:    9,
			ImageAlt:     "Two ambulances parked nose to tail in the covered bay outside a hospital emergency entrance.",
			ImageCaption: "Ambulances queue outside Northbridge General when patients cannot be moved from the emergency department to the wards.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `Patients arriving at the emergency department of Northbridge General Hospital in the three months to June waited longer to be seen than at any time in the past ten years, according to quarterly figures published by the state health department on Friday.

Only 47 per cent of patients in the most common urgency category were seen within the recommended thirty minutes, down from 58 per cent a year earlier. The median time patients spent in the department before being admitted to a ward rose to seven hours and twenty minutes.

Doctors and nurses at the hospital say the delays begin not at the front door but at the back. When patients who need a bed on a ward cannot be moved out of the emergency department, the cubicles they occupy cannot be used for new arrivals, and ambulances queue in the bay outside.

"People look at the waiting room and think the emergency department is the problem," said one senior emergency physician, who asked not to be named because staff are not permitted to speak to the media without approval. "The emergency department is where the problem becomes visible."

The hospital has 38 fewer staffed beds than it did three years ago, a figure the health department attributes to difficulties recruiting nurses rather than to closures. A spokesperson said the department had approved funding for an additional 24 beds, which would open "progressively over the coming year as staffing allows".

The health minister's office said the figures reflected "a winter of exceptional demand" and pointed to an expanded urgent care clinic in Eastgate, which opened in May and is designed to treat minor injuries and illnesses that would otherwise go to the emergency department.

The state opposition said the clinic was welcome but did not address the shortage of beds, and has called for an independent review of how patients move through the hospital.`,
		},
		{
			Slug:         "audit-finds-gaps-in-council-procurement-records",
			Headline:     "Audit finds gaps in council procurement records worth $6.2 million",
			Standfirst:   "The state auditor could not find complete paperwork for dozens of contracts, including a $1.1 million road resurfacing job. The council says it has already changed its systems.",
			Section:      "news",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Accountability", "Local government"},
			DaysAgo:      14,
			HourOfDay:    8,
			ImageAlt:     "Stacks of archive boxes labelled with contract numbers on metal shelving in a council records room.",
			ImageCaption: "The auditor found that records of some decisions left the council when the officers who made them did.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `The state auditor-general has found that Northbridge City Council could not produce complete records for 41 contracts worth a combined $6.2 million, in a report tabled in parliament on Wednesday.

The audit, which examined council purchasing over two financial years, found that for some contracts the council could not show that it had sought the required number of quotes, while for others there was no record of who had approved the spending. The largest, a $1.1 million contract for road resurfacing in Kellaway, was awarded without a documented tender evaluation.

The report does not allege fraud or find that any money was lost. Its concern is that the council could not demonstrate that it had obtained value for money, and that weaknesses in its record keeping would make it harder to detect misconduct if it occurred.

> The council's procurement framework is sound on paper. In practice, we found that its controls depended heavily on the knowledge of individual officers, and that when those officers moved on, the record of their decisions often went with them.

The council's chief executive, Graham Pettit, said the findings related mostly to a period before the council introduced a new electronic purchasing system eighteen months ago. "Every contract the auditor looked at was delivered, and every one was paid for at a fair price," he said. "What we could not always do was prove it with a piece of paper, and that is not good enough."

Mr Pettit said the council had accepted all nine of the auditor's recommendations, including a requirement that every contract over $100,000 be reviewed by the council's audit and risk committee before it is signed.

Cr Bernard Doyle, who has previously called for an independent inquiry into council purchasing, said the report "confirms what some of us have been asking about for years". He will move at next week's meeting that the council publish a register of all contracts over $50,000, with the name of the supplier and the value of each contract.`,
		},
		{
			Slug:         "library-opening-hours-restored-at-four-branches",
			Headline:     "Library opening hours restored at four branches after a year of cuts",
			Standfirst:   "Evening and Sunday hours return to the Eastgate, Millbrook, Carrow Heights and Port Alder libraries from next month, paid for by a one-off state grant.",
			Section:      "news",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Libraries", "Budget", "Local government"},
			DaysAgo:      20,
			HourOfDay:    12,
			ImageAlt:     "Children and a parent sit at a low table among picture-book shelves in a brightly lit branch library in the evening.",
			ImageCaption: "The Carrow Heights homework club lost more than half its regulars while the branch closed at 5pm.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Four of Northbridge's branch libraries will return to their full opening hours next month, reversing cuts made in last year's budget that closed them on Sundays and at 5pm on weeknights.

The Eastgate, Millbrook, Carrow Heights and Port Alder branches will open until 8pm from Monday to Thursday and from 10am to 4pm on Sundays. The central library on Mill Street, which kept its hours during the cuts, is unaffected.

The restoration is being paid for with a one-off grant of $1.4 million from the state government's community infrastructure fund, which the council applied for in March. The council's library manager, Joanne Hartigan, said the grant would cover staffing for eighteen months, after which the hours would need to be funded from the council's own budget.

"We know the evenings matter most to people who work during the day, and Sundays are when families come in together," Ms Hartigan said. "The numbers we saw during the cuts were not a sign that people didn't want the library. They were a sign that it was shut when they could come."

Visits to the four branches fell by 31 per cent in the twelve months after the cuts, according to council figures, while visits to the central library rose by 9 per cent. Staff at Carrow Heights, the branch furthest from the city centre, reported that the number of children using the homework club fell by more than half.

Councillors who supported the cuts last year said they had been a necessary response to a budget shortfall. Cr Lisa Tran-Whitfield, who chairs the council's community services committee, said she was pleased the hours were returning but warned that "a grant is not a plan". She has asked council officers to report on how the hours could be funded permanently before the next budget is set.

See also: /articles/the-funding-formula-that-leaves-northbridge-libraries-short`,
		},
		{
			Slug:         "foundry-flood-levee-delayed-again-as-costs-climb",
			Headline:     "Foundry flood levee delayed again as costs climb to $48 million",
			Standfirst:   "The levee protecting the city's fastest-growing district will not be finished until 2029, two years later than promised. Residents have been told to keep their flood plans current.",
			Section:      "news",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Water", "Climate and energy", "Planning"},
			DaysAgo:      38,
			HourOfDay:    8,
			ImageAlt:     "Temporary grey flood barriers line a riverside path in front of new apartment buildings.",
			ImageCaption: "Temporary barriers will stay along the most exposed stretch of the Wattle River bank in the Foundry.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `The levee that is meant to protect the Foundry district from the Wattle River will not be completed until 2029, two years later than planned, after the cost of the project rose for the third time in four years.

Wattle River Water, the state-owned utility responsible for the work, said on Thursday that the estimated cost had increased from $36 million to $48 million, driven by the price of materials and the discovery of contaminated soil along a 400-metre section of the riverbank near the old gasworks.

About 3,000 people now live in the Foundry, most of them in apartment buildings approved in the past decade on the understanding that the levee would be built. The district was partly flooded in 2019, when water reached the ground floors of two buildings on Weir Street.

"We bought here because we were told the levee was coming," said Anjali Deshpande, who chairs the Foundry owners' corporation network. "Nobody is saying it won't be built. But every delay is another winter where we watch the river gauge."

The utility said temporary flood barriers would remain in place along the most exposed sections of the bank and that an upgraded warning system, which sends text messages to registered residents when the river reaches set heights, would be operating before the end of the year.

Northbridge City Council, which approved many of the district's buildings, has asked the state government to explain how the additional cost will be met. The council's planning committee will also consider whether further residential approvals in the district should wait until the levee is finished, a proposal that developers with projects in the pipeline are expected to oppose.

The state emergency service has urged Foundry residents to check that their household flood plans are up to date and to register for river height alerts.`,
		},
		{
			Slug:         "tenants-union-reports-record-calls-as-rent-rises-bite",
			Headline:     "Tenants' union reports record calls as rent rises bite",
			Standfirst:   "The Northbridge Tenants' Union took more than 2,400 calls in the last quarter, most of them about rent increases. Some tenants were asked to pay a third more.",
			Section:      "news",
			Authors:      []string{"priya-raman"},
			Topics:       []string{"Housing", "Community services"},
			DaysAgo:      49,
			HourOfDay:    9,
			ImageAlt:     "A volunteer wearing a headset takes notes at a desk covered in tenancy law leaflets.",
			ImageCaption: "The tenants' union has extended its phone hours and is training new volunteers to cope with demand.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `The Northbridge Tenants' Union received more calls for help in the three months to September than in any quarter since it was founded in 1994, with rent increases the most common reason people got in touch.

The union took 2,417 calls, up from 1,650 in the same period last year. More than half were about rent rises, including 180 callers who said they had been asked to pay at least 30 per cent more to renew their lease.

Nadia Haddad, the union's coordinator, said the service had extended its phone hours and was training volunteers to handle the demand. "People are calling us before they've even decided whether to fight the increase," she said. "They want to know if it's legal, and most of the time it is. That's the hard part of the conversation."

>> People are calling us before they've even decided whether to fight the increase.
>> — Nadia Haddad, Northbridge Tenants' Union

State law allows rent to be increased once every twelve months, with sixty days' notice, and does not cap the size of an increase. Tenants can apply to the state tribunal if they believe an increase is excessive compared with similar properties, but few do: the tribunal heard 63 such applications from Northbridge last year.

Among the callers was a couple in Millbrook, both teachers, whose rent on a two-bedroom house rose from $520 to $690 a week. They asked not to be named because they are still negotiating with their agent. "We are not in crisis," one of them said. "We are just two people with good jobs working out which of them we'd have to give up to live somewhere cheaper."

The local branch of the Real Estate Institute said rents reflected a shortage of homes rather than the behaviour of landlords, many of whom faced higher interest rates and insurance costs. It said the answer was to build more housing of every kind.

The state government has said it will consider limiting how often rent can be increased in its review of tenancy law, due to report early next year.

See also: /articles/could-a-city-housing-trust-build-the-homes-the-market-wont`,
		},
		{
			Slug:         "mill-street-traders-fight-plan-to-replace-parking",
			Headline:     "Mill Street traders fight plan to replace parking with wider footpaths",
			Standfirst:   "The council wants to remove 46 parking spaces to widen footpaths and add outdoor dining. Shop owners say their customers come by car; the council's own survey says most do not.",
			Section:      "news",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Small business", "Transport", "Planning"},
			DaysAgo:      72,
			HourOfDay:    8,
			ImageAlt:     "Cars parked nose to kerb along a narrow shopping street of Victorian shopfronts, with pedestrians squeezed onto the footpath.",
			ImageCaption: "The proposal would remove parking from the western side of Mill Street between the Corn Exchange and the river.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `A proposal to remove 46 parking spaces from Mill Street and use the space for wider footpaths, trees and outdoor dining has divided the traders of the city's oldest shopping strip, with some warning that it will cost them customers and others saying it is overdue.

The plan, which is out for public consultation until the end of the month, would remove parking from the western side of Mill Street between the Corn Exchange and the Wattle River bridge. Loading zones would be kept, and a new short-stay car park would be created on council land behind the post office.

Con Stavros, who has run a menswear shop on the street for thirty-one years, said he had collected signatures from more than sixty businesses opposed to the change. "My customers are older. They drive in, they park out the front, they buy a suit, they go home," he said. "Tell them to park behind the post office and walk, and some of them will just go to the shopping centre."

The council's own survey of people on Mill Street, conducted over two weeks in May, found that 22 per cent had arrived by car. Most had walked, caught a bus or cycled. Traders consistently overestimated the share of their customers who drove, a pattern found in similar studies elsewhere.

Not every business opposes the plan. Lucia Ferraro, who opened a café near the bridge two years ago, said the footpath outside her shop was too narrow for a pram to pass a table. "I'd rather have six tables outside than two parked cars," she said.

The council will hold a drop-in session at the Mill Street library on Saturday morning. Councillors are expected to decide on the plan in February.`,
		},
	}
}
