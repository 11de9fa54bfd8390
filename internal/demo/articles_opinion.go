package demo

// opinionArticles is the Opinion section: ten weeks of Ruth Abernathy's
// column, The Long Table, and an editorial.
func opinionArticles() []Article {
	const (
		col    = "the-long-table"
		ruth   = "ruth-abernathy"
		credit = "Illustration: Pip Harland"
	)
	return []Article{
		{
			Slug:         "what-we-owe-the-people-who-read-the-minutes",
			Headline:     "What we owe the people who read the minutes",
			Standfirst:   "In every city there are a few residents who read every council agenda, attend every meeting and ask every awkward question. They are infuriating, and we need them.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Accountability", "Local government"},
			DaysAgo:      2,
			HourOfDay:    6,
			ImageAlt:     "Illustration of an older woman in a public gallery, pen in hand, with a thermos and a ring binder full of coloured tabs.",
			ImageCaption: "Every city has a few people who read the whole agenda.",
			ImageCredit:  credit,
			Body: `There is a woman who sits in the third row of the public gallery at every meeting of Northbridge City Council. She brings a thermos and a ring binder. The ring binder contains the agenda, printed out, with coloured tabs. I have sat near her at perhaps twenty meetings, and I have never once seen her without a pen in her hand.

Her name is Dorothy, and she would not thank me for giving her surname. She is eighty-one and a retired bookkeeper. She has attended council meetings, by her own estimate, for twenty-six years, and in that time she has asked questions on subjects including drainage, the council's investment policy, the tendering of the bin contract, the cost of the mayor's car, and the reason the clock in the chamber is always four minutes slow.

>> Somebody has to read it. They write it for someone, don't they?
>> — Dorothy, on the council agenda

Councillors roll their eyes when she stands up. I have seen it. Officers brace themselves. Her questions are sometimes pedantic and occasionally wrong, and she asks them with a persistence that can make a ten-minute item last forty. But more often than anyone in the chamber would like to admit, she is right: she was the first person to notice, in 2016, that the council's budget double-counted a state grant, and the first to ask, years before the auditor did, why so many contracts seemed to come in just under the tender threshold.

Every city has a few Dorothys. They are almost always older, because you need time to do what they do, and they are almost never thanked. Local newspapers used to do some of their work, with a reporter at every meeting reading every page, but there are fewer of those reporters now, and the people who fill the gap are volunteers.

I do not want to romanticise this. A democracy that depends on retired bookkeepers with ring binders is a fragile one, and the right response is not gratitude but better systems: papers published earlier, plainer reports, answers given promptly and fully. If the council explained itself well enough, Dorothy would have less to do.

But until then, the least we can do is stop rolling our eyes. Next time you see someone in the public gallery with a thermos and a tabbed folder, you are looking at one of the few people in the city who actually knows what is going on. Buy her a cup of tea. Ask her what she has found.`,
		},
		{
			Slug:         "a-city-that-forgets-its-buses",
			Headline:     "A city that forgets its buses forgets the people on them",
			Standfirst:   "The people who rely on Northbridge's buses are mostly the people least able to complain about them. That is exactly why cuts fall on them first.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Transport", "Community services"},
			DaysAgo:      9,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a nearly empty night bus, its lit windows showing a few tired passengers, passing dark suburban houses.",
			ImageCaption: "The people on the last bus are rarely the people who decide whether it runs.",
			ImageCredit:  credit,
			Body: `I learned to read a bus timetable before I learned to drive, and for most of my adult life I have been able to choose between the two. That choice is the single most important fact about how I experience this city, and most of the people who make decisions about transport in Northbridge share it.

The people on the Route 38 bus to Carrow Heights on a Tuesday night mostly do not. They are cleaners finishing shifts in the city's office towers, hospital orderlies, students, people too old or unwell to drive, and people who cannot afford a car or have lost the licence to drive one. They are not, by and large, people who write letters to the newspaper or attend public consultations held at 6pm on a weeknight. At 6pm on a weeknight, they are on the bus.

This is why bus services are so easy to cut. Nobody in a position of power notices it happening. The patronage numbers fall, the service gets thinner, the numbers fall further, and at every step the decision looks reasonable on a spreadsheet. The people for whom it is a disaster have no seat at the table where the spreadsheet is discussed.

I do not think transport planners are callous. The ones I have met are thoughtful people working with too little money. But a network review that moves buses from low-patronage routes to high-patronage ones will, by design, take services from people who have no other option and give them to people who mostly do. That is a choice about who matters, dressed up as a choice about efficiency.

There is a simple test that I wish every transport decision in this city had to pass. Before a service is cut, the people who approve the cut should ride the last bus on the route, on a weeknight, and talk to whoever is on it. It would take an evening. It would change nothing about the arithmetic. I suspect it would change a great deal about the decision.

See also: /articles/route-38-cuts-leave-carrow-heights-with-one-bus-an-hour`,
		},
		{
			Slug:         "the-small-dignity-of-a-library-card",
			Headline:     "The small dignity of a library card",
			Standfirst:   "A library is one of the last places in the city where you can spend the whole day without being asked what you're buying. We should guard that more jealously.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Libraries", "Community services"},
			DaysAgo:      16,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a boy holding up a new library card, with tall shelves of books rising behind him.",
			ImageCaption: "A library card is one of the few promises a city makes to everyone.",
			ImageCredit:  credit,
			Body: `When I was teaching, I used to take every new Year 7 class to the Millbrook library in the first week of term to get them a library card. Most of them already had one. A few had never been inside a library. I remember one boy, who had recently arrived in the country, turning the card over in his hands as if he suspected a trick. "It's free?" he asked. "And I can take the books home?"

I have thought about him a lot this year, as the hours at four of the city's branch libraries were cut and then, thanks to a grant that runs out in eighteen months, restored. The debate about library hours has mostly been conducted in the language of visits per hour and cost per loan, which is fair enough. Those numbers matter. But they miss what the boy understood at once: that a library is a place where you are trusted.

Think about how rare that is. In almost every other indoor space in the city, your right to be there depends on what you are buying. Sit too long in a café and someone will ask if you want anything else. Linger in a shopping centre without shopping and security will eventually take an interest. The library asks nothing of you except that you are reasonably quiet and bring the books back.

That is why the people who use libraries most are so often people with nowhere else to go: older people who live alone, parents with small children on a wet afternoon, students whose homes have no quiet room, people looking for work who need a computer and a printer, people without a home at all. For them, the hours a library is open are not a convenience. They are the hours in which they have a warm, safe place to be.

The grant that restored the hours is welcome. But a service that matters this much should not depend on the luck of a grant round. When the council sets its next budget, I hope someone in the chamber will remember that the library card in a child's hand is one of the few promises a city makes to everyone, and that the promise is only as good as the hours on the door.`,
		},
		{
			Slug:         "rent-is-not-a-lifestyle-choice",
			Headline:     "Rent is not a lifestyle choice",
			Standfirst:   "Half of Northbridge's households now rent, many of them for life. It is time the city stopped treating renting as a waiting room for ownership.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Housing"},
			DaysAgo:      23,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a family carrying moving boxes out of a front door, watched by a child holding a school bag.",
			ImageCaption: "Many renting families in Northbridge move every two or three years.",
			ImageCredit:  credit,
			Body: `When I bought my first house, in 1987, it cost a little under three times my annual salary as a teacher. A teacher starting out in Northbridge today would need more than nine times their salary to buy the same house, which, for what it is worth, still has the same leaking gutter.

I do not say this to make younger readers feel worse. They know the numbers better than I do. I say it because people of my generation, who now own most of the city's homes and make most of its decisions, still talk about renting as if it were a phase: something you do in your twenties, between leaving home and settling down. For a growing share of the city, it is not a phase. It is where they will live for the rest of their lives.

>> For a growing share of the city, renting is not a phase. It is where they will live for the rest of their lives.

Census figures show that just over half of Northbridge's households now rent, up from about a third when I bought my house. Many of those renters are in their forties and fifties, raising children, caring for parents, and moving every two or three years because a landlord has decided to sell or to raise the rent beyond what they can pay.

Our laws have not caught up. A tenant in this state can be asked to leave at the end of a lease for no reason at all. Rent can rise by any amount once a year. A family can do everything right, paying on time, keeping the place clean, fixing the things the landlord will not, and still be told to pack up their children's school lives and start again somewhere further out.

None of this is the fault of individual landlords, most of whom are ordinary people with a mortgage of their own. It is the fault of a system designed on the assumption that renters were passing through. The tenants' union reports that calls about rent increases are at a record high, and the people calling are not students. They are teachers, nurses and bus drivers who keep this city running and can barely afford to live in it.

The state's review of tenancy law is an opportunity to design a system for the city we actually have. Longer leases as the norm, limits on how often and how steeply rent can rise, an end to evictions without a reason: none of these is radical. They are what it looks like to take seriously the idea that a rented home is still a home.

See also: /articles/tenants-union-reports-record-calls-as-rent-rises-bite`,
		},
		{
			Slug:         "in-praise-of-the-boring-budget",
			Headline:     "In praise of the boring budget",
			Standfirst:   "Nobody cheers for drainage renewal or the replacement of a bridge bearing. But the best thing a council can do with your money is often the least exciting.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Budget", "Local government"},
			DaysAgo:      30,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a council worker in a hard hat inspecting a large stormwater pipe beneath a suburban street.",
			ImageCaption: "The most important items in a council budget are usually the ones nobody will cut a ribbon for.",
			ImageCredit:  credit,
			Body: `Every year, when the council budget is released, the local news reports the same handful of things: the rates rise, the cost of any new building with a name, and the fate of whichever festival or community group has had its grant cut. I understand why. Those are the things people talk about. But they are rarely where most of the money goes, and almost never where the most important decisions are made.

The most important decisions are in the capital works list at the back. This year it runs to eleven pages and includes items such as "stormwater renewal, Hargreaves Street to Cole Lane", "bearing replacement, Kellaway Road bridge" and "footpath reconstruction, various locations, Millbrook". Nobody will hold a ribbon-cutting for any of them. Nobody will put their name on a plaque. And every one of them matters more to the daily life of the city than any festival.

I learned this the hard way. In 2011, the stormwater drain at the bottom of my street, which the council had been deferring for a decade, failed during a storm, and four houses including mine flooded to the skirting boards. The repair cost the council several times what the renewal would have. The cost to the families whose homes flooded was never counted at all.

Councils face a constant temptation to spend on things that can be seen and to defer the things that cannot. A new playground wins votes; relining a sewer does not. The result, in city after city, is an infrastructure backlog that grows quietly until something breaks, at which point it becomes very loud and very expensive.

This year's Northbridge budget, whatever its other faults, allocates more to renewing existing infrastructure than to building new things, for the second year running. That is the right priority, and it is worth saying so, because nobody else will. The councillors who voted for it will not get credit for the floods that don't happen.

So here is some credit, in advance. To whoever decided that the Kellaway Road bridge bearings could not wait another year: thank you. I hope nobody ever notices what you did.`,
		},
		{
			Slug:         "the-river-remembers-what-the-city-forgets",
			Headline:     "The river remembers what the city forgets",
			Standfirst:   "We build on floodplains because the last big flood was a long time ago. The Wattle River has a longer memory than we do.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Water", "Climate and energy", "Planning"},
			DaysAgo:      37,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a pencil mark and the date 1934 on an old kitchen doorframe, with a river visible through the window.",
			ImageCaption: "Flood marks were once part of the furniture in the old Foundry.",
			ImageCredit:  credit,
			Body: `My grandmother kept a pencil mark on the doorframe of her kitchen in the Foundry. It was about a metre from the floor, with a date beside it, 1934, and it marked the height the Wattle River reached inside her house during the worst flood in the city's recorded history. When I was small I thought it was where she measured her children, and in a way it was.

Her house was demolished in the 1970s along with most of the old Foundry, which by then was a district of warehouses and small factories. Today the same streets are lined with apartment buildings, home to about 3,000 people, most of whom have never heard of the 1934 flood. Why would they? It was ninety years ago. The river has behaved itself, more or less, for most of the time since.

That is the problem with floods. They are rare enough that each generation forgets, and each generation builds a little closer to the water. The flood maps are drawn, the warnings are written, and then the pressure for housing or development or simply for a nice view slowly pushes them aside. The river does not forget. It comes back to the same places, on its own schedule.

The levee that was meant to protect the Foundry has been delayed again, and its cost has risen again. I do not doubt that it will eventually be built, or that it will help. But it is worth asking how we came to approve homes for 3,000 people in a known flood zone on the promise of a levee that did not yet exist. The answer, I suspect, is that the people making those decisions did not have a pencil mark on their kitchen doorframe.

A changing climate is making this worse. The state's own projections suggest that the kind of rainfall that caused the 1934 flood will become more frequent. Every decision we make now about where to build will be tested by water that has not yet fallen.

I would like to see every planning report for land near the river begin with a single paragraph describing, in plain words, the worst flood that site has experienced. It would not stop anything being built. But it would make us remember, and remembering is where good decisions start.

See also: /articles/foundry-flood-levee-delayed-again-as-costs-climb`,
		},
		{
			Slug:         "who-cleans-the-town-hall",
			Headline:     "Who cleans the Town Hall?",
			Standfirst:   "For fifteen years, the people who clean Northbridge's public buildings have worked for whichever company won the contract. Next week they might work for the city again. It matters more than it sounds.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Public sector workforce", "Local government"},
			DaysAgo:      44,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a cleaner with a mop and trolley in an empty, early-morning Town Hall corridor lined with portraits of former mayors.",
			ImageCaption: "The people who clean the city's buildings have changed employers four times in eleven years.",
			ImageCredit:  credit,
			Body: `For three years I have shared a lift in the Town Hall, early on Tuesday mornings, with a woman named Leticia who cleans the building. She has done so for eleven years. In that time she has worked for four different companies, worn four different uniforms and signed four different employment contracts, each time for the same work in the same building, on the same floors, with the same mop.

Every time the council's cleaning contract is retendered, the company that wins it usually takes on the existing staff, because it has nobody else to do the work. But the new employer does not have to honour the old one's arrangements, and Leticia has learned to expect that each change will bring a little less: a shift that starts earlier, an allowance that disappears, a supervisor who does not know her name.

Next week the council will decide whether to bring its cleaning and parks maintenance back in-house, after a review found that doing so would cost less than the current contracts. The financial case will be debated, as it should be. I want to make a different case.

When a council employs the people who clean its buildings and mow its parks directly, it is accountable for how they are treated in a way that it is not when they work for a contractor. Their pay and conditions are set in the council's own agreement, visible to councillors and ratepayers. If something goes wrong, there is no one to point at but the council itself.

There is also something about belonging. Leticia told me once that she had never been invited to the staff Christmas party in eleven years, because she was not staff. "I've cleaned that room after every party," she said. "I know exactly how good it is."

I am not naive about this. Council employment has its own frustrations, and bringing services in-house does not by itself guarantee that anyone is treated well. But a city that says it values the people who work for it should be willing to employ them. I hope next week the council decides to. And I hope someone sends Leticia an invitation.`,
		},
		{
			Slug:         "heritage-is-a-verb",
			Headline:     "Heritage is a verb",
			Standfirst:   "We talk about heritage as if it were a list of old buildings. It is really a set of choices we keep making, about what to keep and whose past to remember.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Heritage", "Planning"},
			DaysAgo:      51,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a cast-iron horse trough on a street corner, with pigeons perched along its rim.",
			ImageCaption: "The horse trough on Carlisle Street is on the heritage register. The cottages that once surrounded it are not.",
			ImageCredit:  credit,
			Body: `The Northbridge heritage register lists 612 places. It includes churches, banks, the Corn Exchange, the old flour mill by the river, a dozen houses of architectural note and, my favourite, a cast-iron drinking trough for horses on the corner of Carlisle and Hale streets, which has not served a horse in living memory and is now mostly used by pigeons.

Lists like this are useful. They protect places that might otherwise be knocked down for something more profitable. But they encourage us to think of heritage as a thing, a building or a fountain, rather than what it really is, which is a decision. Every place on that list is there because someone, at some point, decided it was worth keeping, and every place that is not there was decided about too, often by default.

The houses where most of Northbridge's working families lived in the nineteenth century are almost all gone. The rows of workers' cottages in the Foundry were demolished in the 1970s, with little protest, because nobody thought of them as heritage. The banks and churches survived because the people who built them had the money to build well and the standing to be remembered. Our heritage register, like most, is a record of whose past the city found worth keeping.

>> Every place on the list is there because someone decided it was worth keeping. Every place that is not was decided about too.

That is why I think the current argument over the flour mill matters. It is not really about bricks and beams. It is about whether we keep the evidence of how ordinary people worked, the floors that carried the millstones and the chutes the grain fell down, or just the handsome face the owners showed the street. A facade is a fine thing. But a mill without its machinery is a story with the workers taken out.

Heritage is not something we simply inherit and preserve. It is something we do, again and again, every time a building comes before a planning committee. We should do it with more care for the lives that never made the list.

See also: /articles/the-fight-over-the-old-flour-mill`,
		},
		{
			Slug:         "the-teachers-who-stayed",
			Headline:     "The teachers who stayed",
			Standfirst:   "We talk a lot about the teachers leaving the profession. We talk much less about the ones who stay, and what it costs them.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Education", "Public sector workforce"},
			DaysAgo:      58,
			HourOfDay:    6,
			ImageAlt:     "Illustration of a teacher eating lunch at her desk in an empty classroom, a pile of marking at her elbow.",
			ImageCaption: "When a school cannot fill a vacancy, the work is shared among the teachers who remain.",
			ImageCredit:  credit,
			Body: `Of the eleven teachers who started at my first school in the same year as me, four were still teaching when I retired. The others left for all the usual reasons: better pay elsewhere, children, exhaustion, a sense that the job had become something other than the one they signed up for. I do not blame any of them. Some days I envied them.

There has been a lot written lately about teachers leaving, and rightly so. State figures suggest that close to a fifth of new teachers leave within five years, and schools in Northbridge's outer suburbs struggle to fill positions in maths, science and languages. But I want to write about the ones who stay, because they are the ones holding the system up, and they are getting tired.

When a school cannot fill a vacancy, the work does not disappear. It is divided among the teachers who remain, as extra classes, larger classes and classes outside their subject. When a student needs counselling and the counsellor's waiting list is eleven weeks long, it is usually a teacher who sits with that student at lunchtime. When a new program arrives from the department, it is the experienced teachers who are asked to make it work.

>> When a school cannot fill a vacancy, the work does not disappear. It is divided among the teachers who remain.

The teachers who stay are often the best ones, and they are being asked to subsidise the system's failures with their time, their health and their goodwill. A friend of mine, who has taught science at a school in Carrow Heights for twenty-four years, told me recently that she had not taken a full lunch break in a month. She was not complaining. She was explaining why she had started to think about retiring early.

If we want to keep the teachers we have, we need to notice them before they go. That means giving them time, for planning, for marking and for the students who need them, and not just gratitude. And it means paying particular attention to experienced teachers in the schools that find it hardest to recruit, because they are carrying the most, and when they leave, there is no one behind them.

See also: /articles/schools-wait-months-for-mental-health-support`,
		},
		{
			Slug:         "twenty-five-years-at-the-kitchen-table",
			Headline:     "Twenty-five years at the kitchen table",
			Standfirst:   "The Northbridge Weekly began in a spare room with three people, a borrowed printer and a list of questions nobody else was asking. It is still asking them.",
			Section:      "opinion",
			Series:       col,
			Authors:      []string{ruth},
			Topics:       []string{"Local media", "Accountability"},
			DaysAgo:      65,
			HourOfDay:    6,
			ImageAlt:     "Illustration of three people around a kitchen table at night, laying out the pages of a small newspaper by lamplight.",
			ImageCaption: "The first edition of the Weekly was twelve pages long and delivered by hand.",
			ImageCredit:  credit,
			Body: `The Northbridge Weekly was born, in the autumn of 2001, at a kitchen table in Millbrook. I know because it was my kitchen table. My neighbour at the time, a sub-editor who had just been made redundant when the city's daily paper closed its local office, came over one evening with a bottle of wine and an idea, and by the end of the bottle there were three of us and a name.

The first edition was twelve pages, printed on a borrowed machine in a church hall and delivered by hand to cafés, libraries and anyone who would take one. Its lead story was about a council decision to sell a piece of parkland in Halden Park, which the council had made in a closed session and announced in a single paragraph. We had a copy of the valuation. The sale did not go ahead.

I was never a journalist. I was a teacher who wrote a column, and I have written it, with a few gaps, ever since. It was called something else at first, and then a reader wrote to say that reading it felt like sitting at a long kitchen table where everyone was allowed to speak, and the name stuck.

Over twenty-five years I have watched this newspaper grow from three volunteers to a newsroom of fourteen, paid for almost entirely by its readers. I have also watched the rest of the local news landscape shrink. The daily is gone. The radio newsroom is a single reporter. In many cities our size, there is nobody at all whose job is to sit in the council chamber and write down what happens.

>> A city without a newspaper is not a quieter place. It is a place where fewer people know what is being done in their name.

I know how this column usually goes when a publication celebrates itself, and I will spare you most of it. But I will say this. Everything the Weekly has done in twenty-five years, every audit report read, every council meeting sat through, every correction printed, has been paid for by people who decided that knowing what happens in their city was worth a few dollars a month. That is an extraordinary thing, and it should not be taken for granted, least of all by us.

So thank you. And if you are reading this and have not yet become one of those people, there is a button at the top of the page.`,
		},
		{
			Slug:         "why-we-publish-our-corrections",
			Headline:     "Why we publish our corrections where you can see them",
			Standfirst:   "Every newspaper makes mistakes. From this week, every correction we make will be noted at the foot of the article and listed on a single page.",
			Section:      "opinion",
			Authors:      []string{"clara-bennett"},
			Topics:       []string{"Accountability", "Local media"},
			DaysAgo:      86,
			HourOfDay:    10,
			ImageAlt:     "A printed newspaper page with a paragraph circled in red pen and a handwritten note in the margin.",
			ImageCaption: "Corrections will now appear at the foot of the article they correct.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `Every newspaper makes mistakes. We get names wrong, dates wrong and, occasionally, facts wrong in ways that matter. When that happens, we have a duty to fix them, and to fix them in a way that readers can see, rather than quietly changing the text and hoping nobody noticed.

From this week, every correction to an article published by the Northbridge Weekly will be noted at the foot of that article, saying what was wrong and what is right. Corrections will also be listed, newest first, on a single corrections page linked from the bottom of every page on our website. Minor changes, such as a typo or a broken link, will not be noted, but anything that changes the meaning of a sentence will be.

We have always corrected our errors, but until now we have done it inconsistently. Some corrections were printed in the next edition; some were made online without a note; a few, I am sorry to say, were made only after a reader asked twice. That is not good enough for a newspaper that spends much of its time asking others to be accountable.

>> A newspaper that asks others to be accountable should be the easiest place in the city to find its own mistakes.

There is a common fear in newsrooms that publishing corrections prominently damages trust. The research, and our own experience, suggest the opposite. Readers know that journalists are human. What damages trust is the suspicion that mistakes are being hidden.

If you see something in the Weekly that you believe is wrong, please tell us. Write to **corrections@example.org**, or use the link at the foot of any article. Every message is read by an editor, and every one gets a reply, even when the answer is that we think we got it right.`,
		},
	}
}
