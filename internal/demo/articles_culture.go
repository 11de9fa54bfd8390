package demo

func cultureArticles() []Article {
	return []Article{
		{
			Slug:         "corn-exchange-reopens-after-restoration",
			Headline:     "The Corn Exchange reopens, and the city gets its grand room back",
			Standfirst:   "After three years and $21 million, the 1873 trading hall on Mill Street is a theatre again. The restoration is careful, the programming ambitious, and the seats finally comfortable.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Heritage", "Arts and culture"},
			DaysAgo:      3,
			HourOfDay:    10,
			ImageAlt:     "Sunlight falls through a restored iron-and-glass roof onto rows of new theatre seats in a high Victorian hall.",
			ImageCaption: "The Corn Exchange's glass roof had been hidden behind a false ceiling since the 1970s.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `The first thing you notice, walking into the Corn Exchange for the first time in three years, is the light. The great iron-and-glass roof over the main hall, which had been painted over sometime in the 1950s and then covered by a false ceiling in the 1970s, has been stripped back, repaired and reglazed. On a sunny afternoon, the old trading floor is as bright as a street.

The building opened in 1873 as a market for grain merchants, became a dance hall between the wars, a carpet warehouse in the 1960s and, from 1988, a theatre run by a volunteer trust on a shoestring. By 2021 its wiring was a fire risk and its roof leaked onto the stage. The restoration, paid for by the state government, the council and a public appeal that raised $2.3 million from more than 6,000 donors, is one of the largest heritage projects in the city's history.

The architects have resisted the temptation to make it look new. Where the original cast-iron columns were cracked, they have been repaired rather than replaced, and the repairs left visible. The scar of the carpet warehouse's loading door has been kept in the east wall, framed rather than hidden. The effect is of a building that has been cared for rather than made over.

>> We didn't want people to walk in and think, what a lovely replica. We wanted them to see every life this room has had.
>> — Ana Lucía Varga, conservation architect

The practical improvements are less romantic but just as welcome. There is a lift. There are enough toilets. The 480 seats in the main hall have been replaced with ones that a person of ordinary height can sit in for two hours without regret, and the new raked seating means you can see the stage over the head in front of you.

Not everyone is entirely happy. Some long-standing members of the volunteer trust have grumbled that the restored building, with its professional box office and catering contract, has lost some of the scrappy character of the old one, when volunteers painted the sets, sold the tickets and ran out of ice at the bar by interval. The trust's chair, Margo Ashdown, said she understood the feeling but that a building of this size could not be run on goodwill alone. Volunteers will still run the front of house, she said, and still paint the sets.

The opening season, announced this week, includes a new play by the Northbridge writer Kath Delaney about the 1931 flour mill strike, a season of chamber music in the smaller upstairs room and, in a nod to the building's dance hall years, a monthly Saturday night dance with a live band. Tickets for the first three months are priced from $25, with free seats at every performance reserved for community groups.

The trust that runs the building now has to do the hard part: fill it, every week, for the next fifty years. On the evidence of the opening weekend, when the queue for the public open day stretched past the post office, the city is ready to help.`,
		},
		{
			Slug:         "review-the-river-keepers-at-halden-gallery",
			Headline:     "Review: The River Keepers at Halden Gallery",
			Standfirst:   "A quietly powerful exhibition of photographs, maps and recorded memories about the people who have lived and worked along the Wattle River.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Arts and culture", "Water"},
			DaysAgo:      12,
			HourOfDay:    15,
			ImageAlt:     "Visitors wearing headphones stand in front of framed black-and-white photographs of a river lock and its keepers.",
			ImageCaption: "The exhibition's listening posts are shaped like the old river gauges along the Wattle.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `It would have been easy to make an exhibition about the Wattle River that was really about the river: its floods and droughts, its birds, its slow recovery from a century as the city's drain. *The River Keepers*, which opened at Halden Gallery this month, does something harder and better. It is about the people who have looked after the river, often without anyone asking them to.

The exhibition brings together around ninety photographs, a dozen hand-drawn maps and a set of recorded interviews, which visitors can hear on headphones at listening posts shaped like old river gauges. The curator, Dr Meera Iyer, spent two years gathering the material, much of it from family albums and the archives of local rowing, fishing and conservation clubs.

The early photographs are the most striking. A series from the 1920s shows the lock keepers at Port Alder, a husband and wife who between them kept the lock running for thirty-four years, standing beside the gates in their Sunday clothes. Another, from the 1950s, shows a group of schoolchildren wading in the shallows with jars, collecting water samples for a science teacher who was among the first to measure the river's pollution.

The recorded interviews give the show its heart. A retired council worker describes clearing rubbish from the weir after the 1974 flood and finding a piano. A woman who grew up in the Foundry remembers being told not to swim in the river because it "changed colour depending on what the tannery was doing that day". A young volunteer with the wetland restoration group talks, with real feeling, about the first time she saw a platypus in a river she had been told all her life was dead.

If there is a weakness, it is that the exhibition says relatively little about the river's first custodians. A single wall of text acknowledges the traditional owners and their connection to the river, and one interview with an elder is included. It is good, but it feels like the beginning of a larger story that the exhibition does not have room to tell.

That aside, this is the best show Halden Gallery has mounted in years: modest in scale, generous in spirit and more moving than its subject might lead you to expect. *The River Keepers* runs until the end of February. Entry is free.`,
		},
		{
			Slug:         "writers-festival-halves-ticket-prices",
			Headline:     "Writers festival halves ticket prices and moves events into libraries",
			Standfirst:   "The Northbridge Writers Festival will hold a third of its events in branch libraries this year, in an attempt to reach readers beyond the city centre.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Arts and culture", "Libraries"},
			DaysAgo:      26,
			HourOfDay:    12,
			ImageAlt:     "An author reads aloud to a small audience seated on folding chairs between library shelves.",
			ImageCaption: "Sessions at the four branch libraries will be free for everyone.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `The Northbridge Writers Festival will cut the price of most of its tickets by half this year and move a third of its program out of the city centre and into branch libraries, its director announced on Wednesday.

Standard tickets for festival sessions will cost $15, down from $30, and every session will offer free tickets for students and people with concession cards. Sessions at the Eastgate, Millbrook, Carrow Heights and Port Alder libraries will be free for everyone.

The festival's director, Sam Oyelaran, who took up the job last year, said the changes were a response to the festival's own audience surveys, which found that most people who attended lived within three kilometres of the city centre and had a university degree. "We are a festival for the whole city, or we are meant to be," he said. "The surveys told us we were a festival for about four postcodes."

The lower prices will be paid for by a three-year sponsorship from a local credit union and by reducing the number of interstate and international guests, whose travel and accommodation made up nearly a third of the festival's budget. The program will still include several nationally known writers, but more of its sessions will feature local authors, including a series of conversations with first-time novelists from the city.

The library sessions have been developed with branch librarians, who were asked which writers and subjects their regular readers would most want to hear about. The results include a crime writing panel at Carrow Heights, a session on writing family history at Port Alder and a children's illustration workshop at Millbrook.

Some regular festival-goers have questioned whether the changes will mean fewer big names. Mr Oyelaran said he understood the concern but that a festival with a full main stage and empty seats in the suburbs was "not the festival Northbridge deserves". The full program will be released next month.`,
		},
		{
			Slug:         "the-last-projectionist-at-the-regent",
			Headline:     "The last projectionist at the Regent still threads the film by hand",
			Standfirst:   "For one Sunday a month, Northbridge's 1930s cinema screens a 35mm print. Frank Dellavedova, 78, is the only person left in the city who knows how to run it.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Heritage", "Arts and culture", "Small business"},
			DaysAgo:      36,
			HourOfDay:    14,
			ImageAlt:     "An older man in a cardigan threads a reel of film through a large metal projector in a cramped projection box.",
			ImageCaption: "Frank Dellavedova began as a projectionist's assistant at the Regent at the age of fifteen.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Frank Dellavedova arrives at the Regent cinema on Carlisle Street at ten o'clock on a Sunday morning, four hours before the film starts. He climbs the narrow stairs to the projection box, switches on the lights, and spends the next hour inspecting a print of a 1950s musical, frame by frame, over a light box, checking the splices and the sprocket holes for damage.

"You don't want it to break in the middle of the big number," he says. "Everybody remembers the night it broke. Nobody remembers the hundred nights it didn't."

Mr Dellavedova is 78. He began working as a projectionist's assistant at the Regent at fifteen, when the cinema had a single 1,100-seat auditorium and screened a new film every week. He stayed, with a break for national service, for forty-three years, through the cinema's division into three smaller screens in the 1980s, its near-closure in the 1990s and its conversion to digital projection in 2012, when he retired.

>> The digital machine is better at being a projector. It's not better at being a film.
>> — Frank Dellavedova

The Regent's current owners, a family who bought the cinema in 2015 and have run it as an independent ever since, kept one of the old 35mm projectors when the others were sold. Six years ago, the owners' daughter, Emma Costa, persuaded Mr Dellavedova to come back once a month to run a classic film on it. The Sunday screenings now sell out most months, to an audience that is, to the surprise of everyone involved, mostly under thirty-five.

The screenings have become a small institution. Regulars arrive early to queue for the back rows, where the beam of the projector passes overhead, and some bring children who have never seen a film that was not made of pixels. Before each screening, Ms Costa introduces the film and points up at the small window in the back wall. The audience turns and waves. Mr Dellavedova, who says he finds this embarrassing, waves back.

"People come for the thing they can't get anywhere else," Ms Costa says. "You can stream almost any film ever made. You can't stream the sound of the projector behind you, or the little flicker at the reel change, or the feeling that somebody upstairs is doing something difficult for your benefit."

Finding prints has become the hardest part. Many distributors no longer lend 35mm copies, and those that survive are fragile. The Regent borrows most of its prints from a national film archive and a handful of private collectors, and pays for them to be couriered in padded metal cans.

The other problem is succession. Mr Dellavedova has been training a volunteer, a 26-year-old sound engineer named Kai Brennan, who now runs the second reel each month under supervision. "He's good," Mr Dellavedova says. "He's careful. In another five years he'll be ready." He laughs. "I'll be eighty-three. We'll see which of us is ready."

At two o'clock the lights go down. Upstairs, Mr Dellavedova starts the motor, opens the shutter and watches through the small glass window as the titles appear on the screen below, slightly soft at first until he turns the focus. Then he sits down on the stool he has used for longer than most of the audience has been alive, and waits for the first reel change.`,
		},
		{
			Slug:         "what-were-reading-this-summer",
			Headline:     "What we're reading this summer",
			Standfirst:   "The Weekly's writers recommend the books that have kept them up past their bedtimes this year, from a history of the city's trams to a very long novel about a lighthouse.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk", "clara-bennett"},
			DaysAgo:      45,
			HourOfDay:    15,
			ImageAlt:     "A stack of well-thumbed paperbacks and a cup of tea on a wooden outdoor table in dappled shade.",
			ImageCaption: "Most of this year's choices can be borrowed from the Northbridge library network.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `Every year, as the days get longer and the holidays come into view, we ask the people who write this newspaper what they have been reading. Every year they take the question more seriously than we intended. Here are this year's answers, edited only for length.

## Clara Bennett, editor

*The Tramlines*, by Judith Ankers, is a history of Northbridge's tram network from the first horse-drawn cars in 1884 to the closure of the last line in 1961. It sounds like a book for enthusiasts, and it is, but it is also a brilliant account of how a city decides what kind of place it wants to be, and how often it gets that wrong. I read it in three evenings and have looked at the old tram poles on Carlisle Street differently ever since.

## Tom Kowalczyk, culture writer

I spent most of the winter inside *The Keeper's Year*, a novel of nearly nine hundred pages about a lighthouse keeper on a remote island and the letters she writes to a sister she has not spoken to in twenty years. Almost nothing happens, and I could not put it down. If you need a book to last the whole holiday, this is it.

## Ruth Abernathy, columnist

I have been rereading the essays of a mid-century schoolteacher, collected as *Chalk and Weather*, which I first read as a student teacher and now find both funnier and sadder than I remembered. She writes about children, classrooms and the small politics of a staff room with a precision that every teacher will recognise and every parent should read.

## Sione Latu, environment reporter

*Downstream* is a short, furious and surprisingly hopeful book about a river in another country that was declared dead in the 1970s and is now swimmable again. It is about engineering, law and the stubbornness of a few dozen volunteers, and it made me feel better about the Wattle River than anything I have read in years.

## Helen McAndrew, work and careers reporter

For anyone who has ever wondered why their workplace runs the way it does, *The Meeting Could Have Been an Email* is a sharp, funny and well-researched look at the rituals of modern office life. I underlined something on nearly every page, and then had to hide it from my manager.

Our recommendations are, as ever, entirely our own; no publisher has paid for a mention. Most of these books are available through the Northbridge library network, and those that are not can be requested through any branch.`,
		},
		{
			Slug:         "community-radio-station-fights-to-keep-its-frequency",
			Headline:     "Community radio station fights to keep its frequency after 40 years",
			Standfirst:   "The frequency Radio Northbridge has used since 1985 is up for review, and a commercial network wants it. The station's volunteers are not giving it up quietly.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Arts and culture", "Community services", "Local media"},
			DaysAgo:      59,
			HourOfDay:    13,
			ImageAlt:     "A presenter speaks into a microphone at a cluttered mixing desk in a small shopfront radio studio.",
			ImageCaption: "Radio Northbridge broadcasts in 38 languages from a converted shopfront in Millbrook.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `For forty years, Radio Northbridge has broadcast from a converted shopfront in Millbrook, staffed almost entirely by volunteers. Its schedule includes a Sunday morning program in Vietnamese, a Tuesday night show devoted to country music recorded before 1970, live broadcasts of local football, and a weekday breakfast show hosted by a retired bus driver who has not missed a morning since 2009.

Next year, the broadcasting regulator will review how the city's FM frequencies are allocated, and for the first time the station faces a challenge. A regional commercial network has asked the regulator to make 97.3 FM available for commercial use, arguing that it could offer a professional local news service that the city currently lacks.

The station's volunteers have responded by doing what community radio does best: talking. Over the past month, they have broadcast hours of interviews with listeners, collected more than 4,000 letters of support, and invited every councillor and local member of parliament into the studio to explain where they stand.

>> We're not slick. We've never been slick. But there are people in this city who hear their own language on the radio once a week, and it's on our station.
>> — Thu Trang Nguyen, presenter

The regulator's guidelines say it must weigh the benefits of community broadcasting, with particular weight on access and participation, against the demand for commercial services. The station's supporters argue that its 220 volunteers and 38 languages are exactly what the guidelines describe. The commercial network says its proposal includes a commitment to local news that would benefit the whole city.

The regulator is expected to begin its review in the first half of next year. Until then, the station will keep broadcasting as it always has and, its manager says, will keep reminding everyone that it is there.`,
		},
		{
			Slug:         "how-a-choir-of-public-servants-found-its-voice",
			Headline:     "How a choir of public servants found its voice",
			Standfirst:   "It started as a lunchtime singalong in a state government office. Eight years later, the Civic Chorus has 90 members, a waiting list and its sights on the Corn Exchange.",
			Section:      "culture",
			Authors:      []string{"tom-kowalczyk"},
			Topics:       []string{"Arts and culture", "Public sector workforce"},
			DaysAgo:      75,
			HourOfDay:    14,
			ImageAlt:     "A large choir in everyday work clothes sings from folders in a church hall, watched by a conductor.",
			ImageCaption: "The Civic Chorus rehearses weekly in a church hall near the state government offices.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `In 2017, a policy officer at the state transport department named Grace Whitlam put a notice on the staff kitchen noticeboard asking whether anyone wanted to sing at lunchtime on Thursdays. Seven people turned up to the first session, in a meeting room with a whiteboard and no piano. They sang a round she had learned at school and, she says, "it was terrible, and we all went back to our desks grinning".

The Civic Chorus now has ninety members from more than twenty government agencies and councils, rehearses weekly in a church hall near the state offices, and has, to the envy of every other choir in the city, a waiting list for tenors. It is planning its first full concert for the opening season of the Corn Exchange, whose restoration is due to finish before summer.

Its members include a hospital payroll manager, two librarians, a water engineer, several teachers, a council building inspector and a deputy secretary, who sings in the back row of the basses and is addressed by everyone, in rehearsal, by her first name.

>> In the office I'm a job title. In the choir I'm an alto who can't quite get the high E.
>> — Rosa Ferreira, council building inspector

That levelling is part of the appeal. Several members said the choir was the only place in their working lives where they met colleagues from other parts of government without an agenda. One, a manager at the health department, said she had solved "at least two inter-agency problems" during the tea break that had been stuck for months in formal meetings.

The choir's director, Callum Reid, is a professional musician who was recruited after Ms Whitlam's enthusiasm ran into the limits of her sight-reading. He says public servants make good choristers. "They're used to working in teams, they turn up on time, and they will read anything you give them, including the footnotes."

The concert will include works by Fauré and a commissioned piece setting extracts from the city's 1890 council minutes to music. Ms Whitlam says the commission was Mr Reid's idea. "I said nobody would want to hear the minutes sung. He said that was the point."

See also: /articles/corn-exchange-reopens-after-restoration`,
		},
	}
}
