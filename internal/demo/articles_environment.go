package demo

func environmentArticles() []Article {
	return []Article{
		{
			Slug:         "wattle-river-cleaner-than-in-decades-but-not-after-rain",
			Headline:     "Wattle River is cleaner than it has been in decades, but don't swim after rain",
			Standfirst:   "Ten years of monitoring show steady improvement in the river's water quality. Health authorities still advise against swimming for two days after heavy rain.",
			Section:      "environment",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Water", "Public health"},
			DaysAgo:      6,
			HourOfDay:    14,
			ImageAlt:     "Swimmers and paddleboarders on a calm stretch of river lined with gum trees on a summer afternoon.",
			ImageCaption: "Bacteria levels at the city's three swimming spots met the safe standard on 84 per cent of tested days last summer.",
			ImageCredit:  "Photograph: Grace Okonkwo",
			Body: `The Wattle River is cleaner now than at any time since regular monitoring began in the 1980s, according to a ten-year review of water quality published this week by the state environment protection authority.

Levels of nitrogen and phosphorus, which feed the algal blooms that once turned the lower river green every summer, have fallen by around 40 per cent since 2014. Bacteria levels at the city's three designated swimming spots met the standard for safe swimming on 84 per cent of the days they were tested last summer, up from 52 per cent a decade ago.

The authority credits several changes: upgrades to the Millbrook sewage treatment plant, which until 2016 regularly overflowed into the river during storms; the fencing of farmland upstream to keep livestock out of creeks; and a council program that has planted native vegetation along more than twenty kilometres of urban riverbank.

Volunteers have played a part too. The Port Alder Wetland Group, which has been replanting the wetlands at the river's mouth for fifteen years, has helped restore an area that filters runoff from the city's eastern suburbs before it reaches the river.

The improvement does not mean the river is always safe. After heavy rain, stormwater washes pollution from roads, gardens and drains into the river, and bacteria levels can rise sharply for a day or two. The health department continues to advise people not to swim within 48 hours of heavy rainfall, and to check the authority's [daily water quality forecast](https://example.org/epa/wattle-river-forecast) before going in.

The review also warns that the gains could be lost. It identifies the growth of new housing in the river's catchment as the main risk over the next decade, because more hard surfaces mean more polluted stormwater, and it recommends that the council require new developments to include rain gardens and other measures that slow and filter runoff.`,
		},
		{
			Slug:         "half-of-council-buildings-now-run-on-rooftop-solar",
			Headline:     "Half of council buildings now run on rooftop solar, with savings to match",
			Standfirst:   "Solar panels and batteries on libraries, depots and pools have cut the council's electricity bill by $1.3 million a year. The harder buildings come next.",
			Section:      "environment",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Climate and energy", "Local government", "Budget"},
			DaysAgo:      22,
			HourOfDay:    11,
			ImageAlt:     "Rows of solar panels on the flat roof of a public swimming centre, with the city skyline behind.",
			ImageCaption: "The two aquatic centres have both solar panels and batteries.",
			ImageCredit:  "Photograph: Jonah Reyes",
			Body: `More than half of the buildings owned by Northbridge City Council now generate some of their own electricity from rooftop solar panels, five years into a program that aims to cover every suitable council roof by 2030.

The program has so far installed panels on 64 buildings, including all five libraries, the two aquatic centres, the main works depot and the Town Hall, which received its panels last month after a long negotiation with the state heritage office over how they could be placed on the building's 1920s roof without being seen from the street.

According to a report to councillors this week, the panels produced about 4.1 gigawatt hours of electricity in the last financial year, enough to cover roughly a third of the council's total electricity use. Combined with batteries at the two aquatic centres and more efficient lighting, the program has cut the council's electricity bill by about $1.3 million a year, against a total investment so far of $7.9 million.

>> The easy roofs are done. The rest are old, shaded, heritage-listed or all three.
>> — Rohan Gupta, council sustainability officer

The next stage will be harder. Many of the remaining buildings are small community halls and sports pavilions with old roofs that would need repairs before panels could go on, or buildings shaded by trees that the council has no intention of removing. The report suggests that some of these could instead be supplied by a community solar farm on the council's former landfill site in Millbrook, a proposal that will go to councillors next year.

Cr Nick Papadakis, who chairs the council's environment committee, said the program showed that climate action and careful spending could go together. "This was never a choice between saving money and cutting emissions," he said. "The panels pay for themselves in about six years, and then they keep working for another twenty."`,
		},
		{
			Slug:         "heat-map-shows-hottest-streets-are-least-shaded",
			Headline:     "Heat map shows the city's hottest streets are its least shaded",
			Standfirst:   "A council heat map has found that some streets in Millbrook and Carrow Heights are up to nine degrees hotter than leafy inner suburbs on summer afternoons.",
			Section:      "environment",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Parks and open space", "Climate and energy", "Public health"},
			DaysAgo:      40,
			HourOfDay:    10,
			ImageAlt:     "A treeless suburban street of dark-roofed houses shimmering in afternoon heat, with a single young sapling staked by the kerb.",
			ImageCaption: "Forty streets, most in Millbrook and Carrow Heights, will be planted first.",
			ImageCredit:  "Photograph: Arjun Pillai",
			Body: `On a hot summer afternoon, the footpath outside the Carrow Heights shopping centre can be up to nine degrees hotter than a street of similar size in Halden Park, barely six kilometres away, according to a heat map of the city commissioned by Northbridge City Council.

The map, produced using temperature sensors mounted on council vehicles and satellite images taken on the hottest days of last summer, shows a striking pattern. The coolest parts of the city are its established inner suburbs, where mature street trees shade the footpaths and roofs. The hottest are the newer suburbs on the city's western and northern edges and the older industrial areas, where trees are few, roofs are dark and much of the ground is covered in asphalt.

The difference matters for health. Extreme heat kills more people in this country than any other natural hazard, and the people most at risk, including older people, young children, people with chronic illnesses and people who work outdoors, are over-represented in many of the city's hottest suburbs.

>> A tree is the cheapest air conditioner a city can buy, and it works whether or not you can pay the power bill.
>> — Dr Lena Fischer, urban ecologist

The council's urban forest strategy aims to increase the city's tree canopy from 17 per cent to 25 per cent by 2040. The heat map will now be used to decide where new trees are planted first. Council officers have identified forty streets, most of them in Millbrook and Carrow Heights, for planting over the next three years.

Planting is the easy part. Street trees take ten to fifteen years to provide meaningful shade, and many planted in hot, dry suburbs die within their first two summers without regular watering. The council has budgeted for a dedicated watering crew for the first time, and is asking residents in the target streets to adopt a new tree by watering it during dry spells.

Residents can view the [heat map](https://example.org/northbridge-council/heat-map) on the council's website and search for their own street.`,
		},
		{
			Slug:         "few-households-take-up-home-battery-rebate",
			Headline:     "Few households take up home battery rebate, and renters can't",
			Standfirst:   "Fewer than 900 Northbridge households have claimed the state's home battery rebate in its first year. Installers blame the upfront cost, and renters are shut out entirely.",
			Section:      "environment",
			Authors:      []string{"sione-latu"},
			Topics:       []string{"Climate and energy", "Housing"},
			DaysAgo:      69,
			HourOfDay:    12,
			ImageAlt:     "An electrician mounts a wall-sized home battery unit beside a switchboard in a suburban garage.",
			ImageCaption: "A typical home battery costs between $9,000 and $14,000 installed.",
			ImageCredit:  "Photograph: Mei Lin Cho",
			Body: `Fewer than 900 households in Northbridge have claimed the state government's rebate for home batteries in the year since it was introduced, figures from the state energy department show, well short of the government's expectations.

The rebate offers up to $3,000 towards the cost of a home battery for households that already have rooftop solar panels. A typical battery system costs between $9,000 and $14,000 installed, leaving most households with a bill of several thousand dollars even after the rebate.

Installers say the cost is the main barrier. "People ring up excited about the rebate, and then we give them the quote," said Maria Kostas, who runs a solar and battery business in Eastgate. "For a lot of families, saving $600 a year on power doesn't justify borrowing $8,000."

The scheme is also out of reach for the half of Northbridge households who rent. A battery has to be installed by the property owner, and landlords have little incentive to pay for equipment that mainly lowers their tenants' power bills. The same problem has limited the spread of rooftop solar on rental properties, which are less than half as likely as owner-occupied homes to have panels.

Energy researchers say the state could learn from programs elsewhere that offer low-interest loans rather than upfront rebates, or that help landlords install solar and batteries in exchange for a guarantee that the rent will not rise as a result. The state energy department said it was reviewing the scheme and would "consider options to improve access for renters and lower-income households".

See also: /articles/half-of-council-buildings-now-run-on-rooftop-solar`,
		},
	}
}
