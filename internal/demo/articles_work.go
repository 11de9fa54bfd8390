package demo

func workArticles() []Article {
	return []Article{
		{
			Slug:         "nurses-at-northbridge-general-on-a-year-of-shortages",
			Headline:     "'We're running on overtime': nurses at Northbridge General on a year of shortages",
			Standfirst:   "Nurses describe double shifts, cancelled leave and wards run below safe staffing levels. The health department says recruitment is improving.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Public health", "Public sector workforce"},
			DaysAgo:      7,
			HourOfDay:    11,
			ImageAlt:     "A nurse in blue scrubs walks down a dim hospital ward corridor at night, past a nurses' station.",
			ImageCaption: "Nurses at the hospital worked about 61,000 hours of overtime last financial year.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `Ngaire Thompson has been a nurse at Northbridge General Hospital for nineteen years. In the past twelve months, she says, she has worked more double shifts than in the previous eighteen combined. "You finish a shift at eleven at night and the nurse unit manager is standing there asking if you can stay until seven," she said. "And you know that if you say no, someone on that ward is going without."

The Weekly spoke to eleven nurses and midwives working at the hospital, most of whom asked not to be named because they are not authorised to speak publicly. All described a workplace running on overtime, with leave cancelled at short notice, agency staff unfamiliar with the wards, and shifts regularly worked below the nurse-to-patient ratios set out in state law.

Figures released by the health department under freedom of information laws show that nurses at the hospital worked about 61,000 hours of overtime in the last financial year, nearly double the figure two years earlier. The hospital's spending on agency nurses rose over the same period from $4.2 million to $11.8 million.

>> You know that if you say no, someone on that ward is going without.
>> — Ngaire Thompson, registered nurse

The nurses' accounts help explain why the hospital's emergency department is recording its longest waits in a decade. With fewer nurses available, the hospital has fewer staffed beds, and patients who need admission wait in the emergency department for a bed to open.

The health department said it had recruited 140 nurses to the hospital in the past year, including 60 from overseas, and that an incentive scheme offering relocation payments to nurses willing to move to Northbridge was "beginning to show results". It said the use of overtime was "closely monitored" and that staff could decline extra shifts without consequence.

Several nurses disputed that. A midwife with eight years' experience said the pressure to accept extra shifts was rarely explicit but "always in the room". Another said she had started turning off her phone on her days off, after being called in on four of her last six.

The state nurses' union will begin negotiations with the government on a new enterprise agreement next month. It has said that keeping experienced staff, not only recruiting new ones, will be its priority.

See also: /articles/emergency-waits-at-northbridge-general-longest-in-a-decade`,
		},
		{
			Slug:         "council-doubles-graduate-intake",
			Headline:     "Council doubles graduate intake as it struggles to fill technical roles",
			Standfirst:   "Northbridge City Council will take 24 graduates next year in engineering, planning, IT, finance and environmental science. Applications close at the end of the month.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Public sector workforce", "Local government", "Education"},
			DaysAgo:      17,
			HourOfDay:    13,
			ImageAlt:     "A young engineer in a high-visibility vest and hard hat points out features of a drainage works site to a colleague.",
			ImageCaption: "Graduates rotate through three parts of the council over two years.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `Northbridge City Council will double the size of its graduate program next year, taking on 24 graduates across engineering, town planning, information technology, finance and environmental science, as it tries to rebuild a workforce in which a third of technical staff are within ten years of retirement.

The two-year program places graduates in three rotations of eight months each, usually in different parts of the council, with a mentor and a structured training plan. Graduates are paid at the council's standard entry level for their discipline, currently between $72,000 and $78,000 a year, and most are offered ongoing positions at the end.

The council's director of people and culture, Amira Saleh, said competition for graduates in engineering and planning had become intense, with councils, state agencies and private consultancies all recruiting from the same small pool. "We can't always match private-sector salaries," she said. "What we can offer is the chance to work on things that people actually use, like a footpath, a park or a library, and to see them built."

Former graduates say the rotations are the program's main attraction. Kwame Mensah, who joined as a civil engineering graduate four years ago and now manages drainage projects in the city's west, said he had worked in roads, flood planning and building maintenance before deciding where he wanted to specialise. "In a consultancy I would have been doing one kind of thing for years," he said. "Here I got to try everything."

The program has also changed who the council recruits. This year, for the first time, applications are open to people who completed their qualification up to five years ago, a change intended to attract career changers and people who took time out to care for children.

**Applications close at the end of the month.** Information sessions will be held online and at the Town Hall next week.`,
		},
		{
			Slug:         "inside-the-four-day-week-trial-at-wattle-river-water",
			Headline:     "Inside the four-day week trial at Wattle River Water",
			Standfirst:   "For six months, 300 staff at the city's water utility worked four days for five days' pay. The results are in, and the utility is extending the trial.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Public sector workforce", "Water"},
			DaysAgo:      34,
			HourOfDay:    9,
			ImageAlt:     "Office workers talk around a whiteboard covered in a weekly roster in an open-plan office.",
			ImageCaption: "Teams staggered their days off so that services stayed open five days a week.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `For six months, about 300 office-based staff at Wattle River Water, the state-owned utility that supplies the city's water, worked four days a week while being paid for five. On Thursday the utility published the results of the trial and announced that it would be extended for another year and expanded to include some of its field staff.

The trial was based on a simple deal: staff would keep their full salary and keep delivering the same amount of work, in 80 per cent of the time. To make that possible, teams were asked to cut meetings, change how they handled routine tasks and, in some cases, stagger their days off so that services were covered five days a week.

According to the utility's evaluation, carried out with a university research team, productivity measures such as the time taken to process customer applications and close maintenance requests stayed the same or improved in all but one of the fourteen teams involved. Sick leave fell by 22 per cent. In a staff survey, 91 per cent of participants said they wanted the trial to continue.

>> The biggest change wasn't the day off. It was how much time we'd been wasting the other four.
>> — Joanna Pike, customer service team leader

The one team where performance fell was the billing enquiries team, where the volume of calls did not change and there was less scope to work differently. The evaluation recommends that the team be given additional staff if it is to stay in the trial.

The harder question is whether the model can work for field staff: the crews who repair burst mains, read meters and maintain treatment plants, whose work cannot be compressed in the same way. The next phase of the trial will test a rotating roster for two maintenance crews, with an additional crew funded to cover the gaps.

The Civic Workers Union, which represents many of the utility's staff, said it supported the extension but wanted the field trial designed with workers, not for them. The state government has said it is watching the results closely but has no plans to extend the model to other agencies.`,
		},
		{
			Slug:         "what-it-takes-to-become-a-librarian-now",
			Headline:     "What it takes to become a librarian now",
			Standfirst:   "The job has changed more in the past twenty years than in the century before. Three Northbridge library workers describe the work, the training and the skills they use most.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Libraries", "Education"},
			DaysAgo:      52,
			HourOfDay:    11,
			ImageAlt:     "A librarian sits beside an older man at a public computer, pointing to a form on the screen.",
			ImageCaption: "Helping people with online government forms has become a large part of library work.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `Ask a librarian what they do and you will get a longer answer than you expect. Ask three, and you will get three different answers. A profession that once centred on cataloguing and lending books now includes teaching digital skills, running children's programs, managing local history archives, helping people apply for government services and, increasingly, dealing with the consequences of every other service that has moved online.

## The training

To work as a qualified librarian in Northbridge's public libraries, you usually need a degree or postgraduate qualification in information studies recognised by the national professional association. Library technicians, who do much of the day-to-day work, typically hold a diploma from a vocational college. The Northbridge Institute of Technology offers a part-time library technician diploma that many staff complete while working.

## The work

Ruby Okonjo, a children's and youth librarian at the Carrow Heights branch, spends most of her week running programs: rhyme time for babies, a homework club, a coding group for teenagers. "People think it's storytime," she said. "Storytime is the easy part. The hard part is being the one adult in the building a thirteen-year-old trusts."

At the central library, Dev Malhotra manages the local history collection, a job that involves digitising photographs, answering questions from family historians and, this year, helping Halden Gallery find material for an exhibition about the Wattle River. "I spend a lot of my time as a detective," he said. "Somebody has a photo of their grandfather in front of a building and wants to know where it was."

Mary Tuiasosopo, a library technician at Eastgate for sixteen years, said the biggest change in her time had been the number of people who come to the library because they cannot do something online. "Someone comes in needing to renew a licence or apply for a pension, and they've never used a computer," she said. "We can't do it for them, but we can sit with them while they do it."

## The prospects

Public library jobs in Northbridge are relatively secure, but competition for full-time positions is strong, and most new staff start in casual or part-time roles. Salaries for qualified librarians in local government range from about $75,000 to $95,000; library technicians earn somewhat less.

See also: /articles/the-small-dignity-of-a-library-card`,
		},
		{
			Slug:         "public-sector-gender-pay-gap-persists-at-senior-levels",
			Headline:     "Gender pay gap narrows in state agencies but persists at senior levels",
			Standfirst:   "The first public report on pay across the state's public sector shows women earn 7.8 per cent less than men on average. At the most senior levels, the gap is wider.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew", "priya-raman"},
			Topics:       []string{"Public sector workforce", "Accountability"},
			DaysAgo:      63,
			HourOfDay:    10,
			ImageAlt:     "People in business clothes cross the forecourt of a multi-storey state government office building.",
			ImageCaption: "Women make up 64 per cent of the state public sector but 44 per cent of its executives.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `Women working in the state public sector earn on average 7.8 per cent less than men, according to the first public report on pay in every state agency, published on Monday under new transparency laws.

The gap is smaller than in the private sector, where national figures put it above 20 per cent, and it has narrowed from an estimated 11 per cent five years ago. But the report shows that the gap is not evenly spread. In entry-level and mid-ranking roles, it is close to zero in many agencies. At the most senior levels, among executives and the roles just below them, women earn on average 12 per cent less than men.

The report attributes much of the difference to the distribution of men and women across roles rather than to unequal pay for the same work. Women make up 64 per cent of the state's public sector workforce but 44 per cent of its executives, and men are over-represented in technical and engineering roles that attract higher salaries.

Agencies with a large Northbridge workforce show mixed results. Wattle River Water reported a gap of 14 per cent, which it attributed to the large number of men in its field and engineering roles. The regional health service reported a gap of 3 per cent, while Northbridge Transit, which employs most of its staff through a contractor, was not included in the report.

The state's public sector commissioner said the report was "a starting point, not a finishing line", and that agencies with gaps above 10 per cent would be required to publish plans for reducing them within a year.

Advocates welcomed the publication but said averages could conceal as much as they revealed. A researcher at a workplace equality organisation said the next step should be reporting pay by role, "so that people can see whether a woman and a man doing the same job are paid the same, not just whether the averages line up".`,
		},
		{
			Slug:         "career-changers-swapping-desks-for-the-building-trades",
			Headline:     "The career changers swapping desks for the building trades",
			Standfirst:   "Enrolments by people over thirty in carpentry, plumbing and electrical courses at the Northbridge Institute of Technology have tripled in five years.",
			Section:      "work",
			Authors:      []string{"helen-mcandrew"},
			Topics:       []string{"Education", "Small business"},
			DaysAgo:      80,
			HourOfDay:    10,
			ImageAlt:     "A woman in safety glasses measures a length of timber at a workbench in a carpentry workshop.",
			ImageCaption: "Women now make up about a fifth of the institute's mature-age building trades students.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `At 8am on a Wednesday, the carpentry workshop at the Northbridge Institute of Technology smells of sawdust and coffee. Of the sixteen apprentices at the benches, five are over thirty, including a former bank manager, a former primary school teacher and a woman who spent twelve years in marketing before deciding, as she puts it, that she "wanted to make something you could stand on".

Enrolments by people over thirty in the institute's building trades courses have roughly tripled in five years, from about 60 to 190 a year, according to figures provided by the institute. The largest increases have been in carpentry and electrical work, and women now make up about a fifth of the mature-age intake.

The reasons vary. Some students have been made redundant; others want work that feels more tangible, or more secure against automation. Many mention money: qualified tradespeople in Northbridge are in high demand, and experienced electricians and plumbers can earn more than many office workers, particularly if they go on to run their own business.

>> I spent twelve years making things nobody could touch. Now I go home with sawdust in my hair and I can point at what I did.
>> — Bridget Calloway, carpentry apprentice

Changing careers later is not easy. Apprentice wages are low, usually a fraction of what mature-age students earned before, and many rely on savings or a partner's income to get through the first two years. The state government offers a wage subsidy to employers who take on mature-age apprentices, but several students said it was not widely known among small builders.

The institute's head of building and construction, Stavros Pappas, said mature-age students often did well because they brought skills from their previous work. "They know how to turn up, how to talk to clients, how to manage their money," he said. "The trade they can learn. Those other things take longer."`,
		},
	}
}
