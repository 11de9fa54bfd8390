package demo

// councilLetters is the fortnightly "Letter from the Council" column.
func councilLetters() []Article {
	return []Article{
		{
			Slug:         "what-the-audit-committee-saw",
			Headline:     "What the audit committee saw, and why it met behind closed doors",
			Standfirst:   "The council's audit and risk committee had the auditor's draft findings months before they were public. Its minutes show how seriously it took them, and how little the council listened.",
			Section:      "news",
			Series:       "letter-from-the-council",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Accountability", "Local government"},
			DaysAgo:      5,
			HourOfDay:    7,
			ImageAlt:     "A long empty committee table with name cards and closed folders in a wood-panelled meeting room.",
			ImageCaption: "The audit and risk committee meets four times a year, almost always in closed session.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `Few people outside the Town Hall have heard of the Northbridge City Council audit and risk committee. It has five members: two councillors and three independent experts, one of whom chairs it. It meets four times a year, almost always in closed session, and its minutes are published in summary, months later.

This week I read the minutes of its last three meetings, and they tell a more interesting story than their brevity suggests.

In February the committee received a draft of the state auditor's findings on council purchasing, the ones that were later tabled in parliament. The minutes record that the chair, a retired accountant named Margaret Lowe, asked officers how many of the contracts in question had been reviewed internally before the auditor arrived. The answer was none.

> The committee expressed its concern that the issues identified had not been detected by the council's internal audit program, and requested a report on the scope and resourcing of that program.

The report came back in May. It showed that the council's internal audit budget had been cut by 40 per cent over five years, and that the internal audit program had examined purchasing only once in that time. The committee recommended that the budget be restored. The recommendation was noted by the council and not, as far as I can tell, acted on in this year's budget.

None of this is wrongdoing. An audit committee's job is to ask awkward questions in private so that they are answered before they become public embarrassments, and this one appears to have done that job. What it cannot do is make the council listen.

There is an argument for publishing the committee's minutes in full, and promptly, with only commercially sensitive details removed. Several councils elsewhere already do. If the committee had been able to say in public in February what it said in private, the council might have found its missing paperwork before the auditor did it for them.

See also: /articles/audit-finds-gaps-in-council-procurement-records`,
		},
		{
			Slug:         "forty-one-questions-on-notice",
			Headline:     "Forty-one questions on notice, and the art of the non-answer",
			Standfirst:   "Councillors can put written questions to council officers and must get written answers. The answers are public. They are also, often, a masterclass in saying nothing.",
			Section:      "news",
			Series:       "letter-from-the-council",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Accountability", "Local government"},
			DaysAgo:      19,
			HourOfDay:    7,
			ImageAlt:     "A printed council meeting agenda open on a desk, with passages highlighted in yellow and notes in the margin.",
			ImageCaption: "Questions on notice and their answers are published near the back of every council meeting agenda.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `Every month, Northbridge councillors can submit written questions to the council's officers, who are required to answer them in writing before the next meeting. The questions and answers are published in the meeting papers. Few people read them, which is a shame, because they are one of the most revealing documents the council produces.

This month there were forty-one. Some were straightforward: how many potholes were repaired in Kellaway last quarter (312), how many trees were planted in Halden Park (86), when the Port Alder toilets would reopen (November). Officers answer these promptly and precisely, and it is worth saying so.

Others were not. Cr Bernard Doyle asked how much the council had spent on external legal advice about the Eastgate rail yards since January. The answer, in full, was that "legal costs are reported in aggregate in the council's annual financial statements". They are. The next annual statements will be published in eleven months.

>> A non-answer is still an answer. It tells you which questions someone would rather not have been asked.

Cr Lisa Tran-Whitfield asked how many complaints the council had received about the new bin collection contractor. The answer said complaints were "being monitored closely" and that the contractor's performance was "broadly consistent with expectations". It did not give a number. A freedom of information request on the same subject, lodged by this newspaper ten weeks ago and due to be answered within thirty days, is still outstanding.

There are reasons officers answer carefully. Answers become public, and they can be quoted in ways that carry legal or commercial risk. But the council's own governance rules say answers should be "complete, accurate and responsive to the question asked". It is hard to see how an answer that points to a document that does not yet exist meets that standard.

The council's chief executive, Graham Pettit, told me the council was "committed to transparency" and would look at whether answers could be more specific. I will be reading next month's answers with interest. So, I hope, will you: the meeting papers are on the [council's website](https://example.org/northbridge-council/meetings), and the questions start on the second-last page.`,
		},
		{
			Slug:         "the-budget-nobody-read",
			Headline:     "The 412-page budget nobody read, and what was in it",
			Standfirst:   "This year's council budget was adopted in eleven minutes with no debate. Buried in it are a rates rise, a new parking levy and the quiet end of a festival's funding.",
			Section:      "news",
			Series:       "letter-from-the-council",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Budget", "Local government"},
			DaysAgo:      33,
			HourOfDay:    7,
			ImageAlt:     "A thick bound budget document lies on a councillor's desk in an almost empty council chamber.",
			ImageCaption: "Four people watched from the public gallery as the budget was adopted.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `The Northbridge City Council budget for the coming year runs to 412 pages, and on Tuesday night it was adopted in eleven minutes. No councillor spoke against it. Two spoke briefly in favour. The public gallery held four people, one of whom was me, and one of whom was asleep.

This is not necessarily a scandal. Most of the argument over a council budget happens months earlier, in closed workshops where councillors and officers go through it line by line. By the time the document reaches the chamber, the deals have been done. But it does mean that the things a budget changes can pass without anyone outside the building noticing, and this year there are a few worth noticing.

## The rates rise

Rates will rise by 3.5 per cent, the maximum allowed under the state cap. For the median house in Northbridge, that is about $74 a year. The council says it needs the money to keep up with the cost of maintaining roads and drains, which has risen faster than inflation for three years running.

## The parking levy

From January, the council will charge a levy on commercial car parks in the city centre, at $900 per space per year. The money goes into a fund for footpaths and bus shelters. Car park operators have been told; the public mostly has not. Expect to hear about it when the operators pass the cost on.

## The festival

Page 287 contains a line reducing the grant to the Wattle River Lantern Festival from $180,000 to nothing. The festival's organisers were told in a meeting in April that the council intended to "review its support for major events". They were not told, until they read the budget, that the review had already concluded.

Councillors I spoke to afterwards said the festival could apply for funding through the council's general events program, which is open to everyone. That is true. It is also true that the program's entire annual pool is $150,000, less than the festival used to receive on its own.

None of this is hidden, exactly. It is all there, in a document anyone can download. But a budget that nobody reads is one that nobody has to defend, and the least the chamber owes the city is an hour of argument about it in public.`,
		},
		{
			Slug:         "the-consent-agenda-where-decisions-pass-quietly",
			Headline:     "The consent agenda, where decisions go to pass quietly",
			Standfirst:   "Fourteen items at Tuesday's meeting were approved in a single vote without discussion. Most deserved to be. One, a twenty-year lease of the Port Alder boatshed, probably did not.",
			Section:      "news",
			Series:       "letter-from-the-council",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Local government", "Accountability", "Parks and open space"},
			DaysAgo:      47,
			HourOfDay:    7,
			ImageAlt:     "A weathered timber boatshed with boarded windows stands on stilts at the edge of a river foreshore.",
			ImageCaption: "The Port Alder boatshed has been closed for four years. Its lease was approved without debate.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `About halfway through Tuesday's council meeting, the mayor read out a list of item numbers, 9.1 through 9.14, and asked whether any councillor wanted to discuss any of them separately. Nobody did. Fourteen decisions were made in a single show of hands that took less time than it takes to read this sentence.

This is the consent agenda, and it is one of the sensible things councils do. Most of what a council decides is routine: accepting minutes, approving road closures for street parties, renewing leases on scout halls for a peppercorn rent. Debating each one would keep the chamber sitting until dawn. Putting them together lets councillors spend their time on the things that matter.

The risk is that something that matters ends up on the list.

Item 9.11 was a twenty-year lease of the Port Alder boatshed to a private company that plans to run kayak hire and a café there. The council report, which runs to three pages, recommends the lease on the basis that the building needs $400,000 of repairs that the council cannot afford and the company has offered to pay for them. The rent is $12,000 a year.

That may well be a good deal. The boatshed has been closed for four years and is slowly subsiding into the river. But it is also the only public building on the Port Alder foreshore, it was used by a community rowing club until the council closed it on safety grounds, and the club was not, according to its president, consulted about the lease. Twenty years is a long time to decide something with a show of hands.

Any councillor could have asked for the item to be discussed separately. None did. When I asked two of them afterwards, one said he had not noticed the item, and the other said she assumed it had been discussed at a briefing she had missed.

The council's meeting procedures allow a member of the public to ask for an item to be removed from the consent agenda, if they write to the chief executive at least two days before the meeting. Almost nobody knows this. Perhaps more people should: the agenda for each meeting is published a week in advance, and it is worth reading the short items as carefully as the long ones.`,
		},
		{
			Slug:         "the-fight-over-the-old-flour-mill",
			Headline:     "The fight over the old flour mill is really a fight over what heritage is for",
			Standfirst:   "A developer wants to keep the facade of the 1884 Wattle Mills building and replace the rest. The council's heritage adviser says that would keep the picture and lose the mill.",
			Section:      "news",
			Series:       "letter-from-the-council",
			Authors:      []string{"daniel-okafor"},
			Topics:       []string{"Heritage", "Planning"},
			DaysAgo:      61,
			HourOfDay:    7,
			ImageAlt:     "A tall brick flour mill with a square tower and boarded-up windows stands on a bend of the river.",
			ImageCaption: "Wattle Mills has stood below Mill Street since 1884 and has been mostly empty for thirty years.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `The Wattle Mills building has stood at the bend in the river below Mill Street since 1884. For most of the twentieth century it ground flour; for the past thirty years it has mostly stood empty, its windows boarded and its roof patched with sheets of iron that do not match. Everyone agrees something should be done with it. This week's planning committee meeting showed how far apart people are on what.

The application before the committee, from a developer called Rivermill Partners, proposes to keep the building's brick facade on Mill Street and its distinctive square tower, and to demolish everything behind them to build ninety apartments over eight storeys. The developer says the interior timber structure is too decayed to save and that the apartments are needed to pay for restoring what can be.

The council's own heritage adviser, Dr Fiona Galbraith, disagrees. Her report to the committee argues that what makes the mill significant is not its street frontage but the evidence it preserves of how it worked: the timber floors built to carry millstones, the chutes between levels, the remains of the water race that once powered it.

> Retaining the facade alone would preserve the building's appearance while removing most of the fabric that explains why it was built. The result would be a picture of a mill, rather than a mill.

Rivermill's architect told the committee that a structural engineer's report had found rot in more than half of the main timber beams. Dr Galbraith's report accepts that some beams need replacing but says a second engineer, engaged by the council, found that most of the structure could be repaired.

Committee members were visibly divided. Cr Marcus Yeo said the city could not afford to let "another decade of pigeons" decide the building's future. Cr Bernard Doyle said that if the council approved facade retention here, it would be "very hard to say no anywhere else".

The committee deferred its decision for two months and asked the two engineers to meet and report on where they agree. That is a reasonable step. But the underlying question, whether heritage means the look of a place or the evidence of its past, will not be settled by engineers, and sooner or later councillors will have to answer it themselves.`,
		},
	}
}
