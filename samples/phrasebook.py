"""The words of the synthetic renewal thread: every reply in samples/replies.xlsx is built from these.

Three kinds of material:
- NOTABLE: hand-written replies with their like counts. With the DOUGHNUT replies they are the
  only replies with more than 20 likes, so the themes-by-likes shape (sustainability about 3x
  listening) is set here.
- DOUGHNUT: the replies citing Kate Raworth's Doughnut Economics, 34 references in all
  (counting rule in tests/test_sample.py). No other text here may name the Doughnut.
- SENTENCES: the material ordinary replies are assembled from, by theme, with slots.
Every replier and every self-promoting organisation is fictional; well-known thinkers and
organisations are named as a real thread would name them. '&' is written plainly; the
generator escapes it as a scrape would ('&amp;').
"""

ASKER = "AlexMorrowCS"
QUESTION = ("Who should we be listening to about the UK's renewal after coronavirus? What questions should we "
            "be asking, and where has this approach (not) worked before?")

# (theme, likes, text). Likes as a scrape typed them: a few are text, as the page showed them.
NOTABLE: list[tuple[str, int | str, str]] = [
    ("sustainability", 412, "A green recovery. We will never get a better chance to rebuild around wellbeing "
                            "rather than GDP. Don't bail out the old economy, invest in the new one. #BuildBackBetter"),
    ("sustainability", 338, "Nature. People rediscovered parks, birdsong and clean air in lockdown. Protect it, "
                            "expand it, build the recovery around it 🌱"),
    ("sustainability", 251, "The young climate strikers. They have been telling us for years what renewal "
                            "should look like. #ClimateEmergency"),
    ("sustainability", 187, "Wellbeing, not GDP. New Zealand, Scotland, Iceland and Wales are already measuring "
                            "what matters. @WEAllAlliance can tell you how."),
    ("sustainability", 164, "Net zero has to be the spine of every recovery package. No bailouts without climate "
                            "conditions."),
    ("sustainability", 122, "Wales' Well-being of Future Generations Act is exactly where this has worked. Talk to "
                            "the Future Generations Commissioner https://www.futuregenerations.wales"),
    ("sustainability", 97, "cycle lanes, home insulation, tree planting, local food. green jobs everywhere not "
                           "just in London"),
    ("sustainability", 88, "Please don't go back to normal. Normal was burning the planet."),
    ("sustainability", 73, "Sustainable food systems. Farmers and growers kept us fed through this - build the "
                           "recovery around them and around nature."),
    ("sustainability", 64, "The @CarnegieUKTrust work on gross domestic wellbeing is really good on this "
                           "https://www.carnegieuktrust.org.uk"),
    ("sustainability", 52, "Climate, climate, climate. Everything else follows."),
    ("sustainability", 45, "Measure wellbeing. What gets measured gets done."),
    ("sustainability", 38, "Mental health & wellbeing at the centre please, not an afterthought 💚"),
    ("sustainability", 33, "Green new deal. Retrofit every home in the country."),
    ("sustainability", 27, "Biodiversity loss and climate breakdown don't pause for pandemics"),
    ("sustainability", 24, "sustainability first, growth second"),
    ("sustainability", 21, "Cleaner air in lockdown showed us what's possible. Keep it 🌍 #GreenRecovery"),
    ("listening", 311, "Listen to the people who kept the country going: carers, cleaners, nurses, shop workers, "
                       "bus drivers. Ask them what renewal means. Then actually listen."),
    ("listening", 214, "Ask people. Not the usual suspects, not think tanks, not consultants. People. In every "
                       "community, especially the ones that never get asked."),
    ("listening", 131, "Citizens' assemblies. Randomly selected, properly supported, with real power. Ireland "
                       "used one on abortion and it worked. #CitizensAssembly"),
    ("listening", 102, "People with lived experience of poverty. They're the experts."),
    ("listening", 86, "Frontline staff. Every time. They know what went wrong and what worked."),
    ("listening", 71, "Don't just consult - involve. Design services with the people who use them."),
    ("listening", 58, "Ask the people who got nothing from the last recovery."),
    ("listening", 49, "Listen to young people. It's their future you're planning."),
    ("listening", 42, "Listening is the easy part. The hard part is doing something with what you hear."),
    ("listening", 37, "Ask disabled people. Nothing about us without us."),
    ("listening", 31, "Ask carers. Unpaid carers have held this country together."),
    ("listening", 28, "Go and listen in the towns that feel ignored. Not on Twitter, in person."),
    ("listening", 24, "listen to kids!"),
    ("listening", 22, "frontline voices, not just senior leaders"),
    ("listening", 21, "ask the people who clean the hospitals"),
    ("economic reform", 274, "Universal basic income. Furlough has proved the state can pay people directly. #UBI"),
    ("economic reform", 118, "Inequality is the pre-existing condition. Fix that first."),
    ("economic reform", 67, "Four day week. Share out the work. #4DayWeek"),
    ("economic reform", 35, "Tax wealth, not work. Inequality is the real crisis."),
    ("economic reform", 23, "a job guarantee for anyone under 25"),
    ("local and community", 233, "Mutual aid groups. Thousands sprang up in a week with no help from anyone. "
                                 "That's your renewal, right there."),
    ("local and community", 96, "Local councils knew where the vulnerable people were long before Whitehall did. "
                                "Fund them properly."),
    ("local and community", 54, "Community first. Every time."),
    ("local and community", 26, "Parish councils and community groups. They did the heavy lifting."),
    ("political", 189, "Ten years of austerity and now this government wants to talk about renewal? #ToriesOut"),
    ("political", 76, "Labour would have locked down a week earlier. Start there."),
    ("political", 44, "Start by publishing the SAGE minutes. This government hides everything."),
    ("political", "23", "#ToriesOut"),
    ("research", 112, "Read Hilary Cottam's book Radical Help. Relationships, not transactions."),
    ("research", 61, "Mariana Mazzucato's research on mission-led recovery is essential reading. @MazzucatoM"),
    ("research", 29, "Cormac Russell on asset-based community development. Start with what's strong, not what's wrong."),
    ("lobbying", 31, "We have published our report on rebuilding social care with the families who rely on it. Ten "
                     "recommendations for a fairer recovery: https://millbrooktrust.org.uk/reports #Renewal"),
    ("help", 58, "Happy to help. I've spent 20 years running a community centre, DMs open."),
    ("help", 26, "We're a small charity in Hull and would love to help with this. Drop me a line."),
    ("abuse", 48, "Civil servants crowdsourcing policy on Twitter. Clueless."),
    ("abuse", 22, "what a load of rubbish"),
    ("questions", 143, "Best question in this thread so far: what do we NOT want to go back to?"),
]

# (likes, text): the Doughnut Economics replies. References each (name, title, @, #, link) noted.
DOUGHNUT: list[tuple[int | str, str]] = [
    ("1.2K", "Kate Raworth's Doughnut Economics. Meet the needs of all within the means of the planet. Amsterdam "
             "has just adopted it to shape its recovery - the UK should be next 🍩🌍"),                   # name, title
    (243, "Start with Kate Raworth. The doughnut puts a social foundation under everyone and an ecological "
          "ceiling over all of us: a wellbeing economy in one picture https://doughnuteconomics.org"),  # name, title, link
    (96, "Doughnut Economics by Kate Raworth should be required reading in every department"),        # title, name
    (41, "@KateRaworth has been making this case for years. Regenerative and distributive by design, "
         "sustainable by default."),                                                                  # mention
    (28, "Raworth has the right framing: the economy should serve people and planet, not the other "
         "way round"),                                                                                # name
    (12, "Kate Raworth, every time."),                                                                # name
    (7, "Kate Raworth!!! 🍩"),                                                                         # name
    (18, "Kate Raworth and the team at @WEAllAlliance would be my first calls"),                      # name
    (4, "Kate Raworth is brilliant on exactly this question"),                                        # name
    (2, "kate raworth"),                                                                              # name
    (9, "Have you read Kate Raworth? Growth for its own sake got us here. #DoughnutEconomics"),       # name, hashtag
    (3, "Would second Kate Raworth, mentioned above. Her work with Amsterdam is the live example "
        "you're after"),                                                                              # name
    (1, "+1 for Kate Raworth"),                                                                       # name
    (5, "Kate Raworth on how to think like a 21st century economist https://www.kateraworth.com"),   # name, link
    (6, "Listen to Kate Raworth"),                                                                    # name
    (15, "Kate Raworth. Mariana Mazzucato. Hilary Cottam. Start there."),                             # name
    (3, "The work of Kate Raworth is a great place to begin"),                                       # name
    (2, "Kate Raworth, obviously 🍩"),                                                                 # name
    (8, "Speak to Kate Raworth - she's already working with cities on this"),                         # name
    (11, "The Doughnut from Kate Raworth would be a good frame for the whole renewal programme"),    # title, name
    (4, "Kate Raworth & the Doughnut Economics Action Lab"),                                          # name, title
    (3, "this ^ #DoughnutEconomics"),                                                                 # hashtag
    (2, "The doughnut model. Not perfect but far better than chasing GDP"),                           # title
    (1, "Kate Raworth 👇 https://doughnuteconomics.org"),                                              # name, link
    (0, "Got to be Kate Raworth"),                                                                   # name
]

# Slot fillers. Real thinkers and organisations only as a thread would cite them.
GROUPS = [
    "nurses", "carers", "care workers", "teachers", "bus drivers", "shop workers", "cleaners", "delivery drivers",
    "young people", "disabled people", "older people", "small business owners", "farmers", "volunteers",
    "key workers", "parents", "food bank volunteers", "social workers", "GPs", "hospital porters",
    "care home staff", "refugees", "migrant workers", "people on Universal Credit", "single parents", "students",
    "apprentices", "homeless people", "children", "youth workers", "pharmacists", "council staff",
]
PLACES = [
    "Preston", "Wigan", "Bristol", "Plymouth", "Leeds", "Glasgow", "Frome", "Todmorden", "Barking & Dagenham",
    "Hull", "Stoke", "Cardiff", "Belfast", "Grimsby", "Hastings", "Sunderland", "Oldham", "Norwich", "Swansea",
    "Dundee", "Blackpool", "Kirklees", "Cornwall", "Tower Hamlets",
]
TOPICS = [
    "social care", "high streets", "food poverty", "loneliness", "adult education", "youth services",
    "digital inclusion", "housing", "fuel poverty", "mental health", "rural transport", "childcare",
]
THINKERS = [
    "Hilary Cottam's Radical Help", "Mariana Mazzucato's The Value of Everything",
    "Cormac Russell's Rekindling Democracy", "Elinor Ostrom on the commons", "Tim Jackson's Prosperity without Growth",
    "The Spirit Level by Wilkinson & Pickett", "Michael Marmot on health inequalities", "Rutger Bregman's Utopia for Realists",
    "Robert Putnam's Bowling Alone", "Raghuram Rajan's The Third Pillar", "Julia Unwin on kindness in public policy",
    "Danny Dorling on inequality", "Guy Standing's The Precariat", "Andy Haldane's speeches on social capital",
]
REAL_LINKS = [
    "https://www.carnegieuktrust.org.uk", "https://www.thersa.org",
    "https://www.nesta.org.uk", "https://www.jrf.org.uk", "https://involve.org.uk", "https://localtrust.org.uk",
    "https://cles.org.uk", "https://www.futuregenerations.wales", "https://www.health.org.uk",
]

# Ordinary replies, by theme: (weight, sentences). A reply takes one or two sentences of its theme.
SENTENCES: dict[str, tuple[int, list[str]]] = {
    "listening": (175, [
        "Listen to {group}.", "Listen to people on the frontline.", "Ask {group}. They know.",
        "Listen to the people closest to the problem.", "Listen to people! It's not complicated.",
        "Listen to communities, not lobbyists.", "Listening to people who've been ignored for decades would be a start.",
        "Ask the people who are usually left out of these conversations.", "People. Listen to people.",
        "The people who never get asked.", "Listen to {group} and {group}.", "Please listen to people with lived experience.",
        "Listen to the places that have been hit hardest.", "Hear from people in their own words, in their own places.",
        "Go out and listen. Properly. Not another online survey.", "Listen to people who disagree with you too.",
        "Listening to people is a skill. Invest in it.", "{group} have been shouting about this for years.",
        "Ask people where they felt supported and where they were let down.",
        "Everyone was asked to make sacrifices. Now let everyone shape what comes next.",
        "Listen to the people who actually use public services.", "Have you asked {group}?",
        "Ask the people on the ground.", "Listen. Then act on it.",
        "The people listened to least should be heard first.",
        "Ask {group} how the last two months have been. Really listen to the answer.",
        "People who have never had a say before.", "Listen to people, then show them what changed.",
        "Listen to the people you'd normally never hear from.", "The people doing the work.",
        "Listen to ordinary people, not just experts.", "A citizens' assembly on renewal, with real weight behind it.",
        "{group}. Listen to them.", "Frontline workers. Listen to them.", "People first. Listen first.",
        "Government needs to listen to people outside London.", "Listen to people in the towns government forgot.",
        "You should be listening to {group}.", "Lived experience. People know their own lives best.",
        "Open up and listen to people, not just the usual voices you hear from at every roundtable, every "
        "consultation and every select committee. The people who never get invited have the most to tell you.",
    ]),
    "questions": (100, [
        "The question is what people value now that they didn't before.", "Ask: what do we never want to go back to?",
        "What did people do for each other that the state couldn't?",
        "Question: who was already struggling before this? Start there.", "What made people feel safe? And what didn't?",
        "Harder question: who gets to decide?", "What would it take for people to trust government again?",
        "Who was missing from the room last time?", "What should government stop doing? Nobody ever asks that.",
        "How do we keep the kindness?", "Ask people what a good life looks like now.",
        "Who benefits and who pays? Ask that of every policy.", "What do people want to keep from lockdown?",
        "Are these the right people, or just the loudest?",
        "What got easier in lockdown, not only what got harder?",
        "The real question is whether government is ready to hear the answers.", "Ask young people what they're scared of.",
        "What does a good neighbourhood look like? Ask people who live there.",
        "What does the economy look like if it puts people first?", "Which communities were hit hardest, and why?",
    ]),
    "history": (120, [
        "1945. Beveridge asked what people needed and built the welfare state.",
        "The post-war settlement is the obvious precedent.", "The Big Society promised this and didn't deliver. Learn why.",
        "Preston's community wealth building has worked.",
        "Porto Alegre's participatory budgeting.",
        "Ireland's citizens' assembly worked because the government committed to act on it.",
        "Sure Start was a success. Then it was cut.",
        "Regeneration in the 80s failed because it was done TO communities, not WITH them.",
        "New Deal for Communities had mixed results but lots of lessons.", "The Total Place pilots are worth a look.",
        "It didn't work after 2008. Banks got bailed out and services got cut for a decade.",
        "The Wigan Deal is a good example of a council working with its residents.",
        "Barcelona's digital democracy platform, Decidim.", "Look at what Frome did with its town council.",
        "The Marmot Review 10 years on tells you what happened last time.",
        "Northern Powerhouse: lots of announcements, not much change.",
        "Every 'listening exercise' I've seen ended in a report nobody read.",
        "Where it failed: consultations designed after the decision was made.",
        "New Zealand's wellbeing budget.", "Scotland's National Performance Framework is a decent model.",
        "Kerala's response to the virus has lessons on local democracy.", "Iceland after 2008 is worth a look.",
        "Grenfell showed what happens when residents warn and nobody hears them.",
        "Pathfinder programmes always did better than top-down ones.",
        "Worked: Sure Start, the London Challenge, the early days of the minimum wage. Didn't work: anything "
        "announced from Whitehall with a catchy name and no money, and anything where the consultation "
        "came after the decision.",
    ]),
    "local": (140, [
        "Local government. Councils have been cut to the bone and still delivered.", "Mutual aid groups and small charities.",
        "Communities already know what they need.", "Give places real power and real money.",
        "Local people know their own places best.", "The response in {place} has been incredible.",
        "Power to communities, not Whitehall.", "Town and parish councils.",
        "Local food networks kept going when supermarkets couldn't.",
        "Neighbours, councils, charities. That's where the answers are.",
        "Places with strong social ties got through this better.",
        "Trust communities.", "Fund community organisations properly.", "Talk to community development workers.",
        "Devolve it. Local decisions, local money.", "Our street WhatsApp group did more than anyone in {place}.",
        "Mutual aid groups in {place}.", "The spirit round here in {place} has been amazing.",
        "Local government is where renewal will happen or won't.", "Libraries, pubs, churches, mosques: the places people meet.",
        "Every place is different. One plan from Whitehall won't fit.", "Community hubs. Keep them open after this.",
        "Local journalism too, it's dying.", "Community radio & local papers have been a lifeline.",
        "Central government should trust councils more.",
        "In {place} the council, the food bank, the mosque and the football club worked out who needed what in "
        "about three days. Nobody from Whitehall was involved. Whatever renewal looks like, it has to start from that.",
    ]),
    "sustainability": (180, [
        "Green recovery. Full stop.", "Make it green.", "Put wellbeing at the heart of it.",
        "A wellbeing economy.", "Climate has to be central to every government decision.", "Net zero.",
        "Nature recovery, green jobs, warm homes.", "Sustainable transport. Keep the quiet roads.",
        "No bailouts for airlines without climate strings.", "Please don't waste this chance for the planet.",
        "Wellbeing > growth.", "More green space. It kept people sane.", "Invest in nature.",
        "Cleaner air, quieter streets.", "Climate scientists.", "Sustainability has to run through all of it.",
        "Wellbeing should be the measure of success.", "Green skills for the jobs we'll actually need.",
        "The climate crisis hasn't gone away.", "Plant trees. Lots of them.", "Insulate Britain's homes.",
        "Make the recovery sustainable or it isn't a recovery.",
        "Protect nature, it protected us.",
        "The recovery money is going to be spent either way. Spend it on warm homes, clean transport, nature and "
        "green skills and you get jobs, health and lower bills at the same time. Spend it propping up the old "
        "industries and we pay twice.",
    ]),
    "economic": (130, [
        "UBI.", "Make furlough the start of something permanent.", "Tackle inequality.",
        "Reform the economy so it serves everyone.", "The economy has to be rebuilt around care.",
        "A new economy, not the old one patched up.", "Pay key workers properly.", "Care is the real economy.",
        "Fix the housing market.", "Job guarantee.", "Windfall tax on the pandemic winners.",
        "GDP is the wrong measure of the economy.", "Tax land, not wages.",
        "Look at what the New Economics Foundation has published https://neweconomics.org",
        "Plenty of economists have been saying this for years.",
        "Everyone deserves a secure income.", "Inequality. Inequality. Inequality.",
        "An economy that values care workers as much as bankers.", "Rent controls.",
        "Shorter working week.", "The economy is people. Start from that.", "Living wage for every care worker.",
        "We found money for furlough in a week. We can find it for a fairer economy.",
        "The economy we had in February left millions one pay cheque from disaster. Rebuilding that economy is not "
        "renewal. Secure income, decent pay for care and a tax system that doesn't punish work.",
    ]),
    "research": (110, [
        "{thinker}.", "Read {thinker}.", "{thinker} is essential reading here.", "Worth reading: {link}",
        "This is good: {link}", "@RSAMatters have done a lot on this.", "Nesta has plenty on this.",
        "@jrf_uk on poverty.", "The @CarnegieUKTrust research on kinder communities.",
        "@InvolveUK on public participation.", "@LocalTrust research on left-behind neighbourhoods.",
        "There's a big evidence base on this already. Read it before commissioning more.",
        "@HealthFdn on health inequalities.", "Loads of research on this: {link}",
        "The What Works Centres have years of evidence on this.", "Read the Marmot Review before anything else.",
        "There's a good paper on exactly this from the Institute for Government.",
    ]),
    "lobbying": (100, [
        "We have published our report on {topic}. It sets out {n} steps for a fairer recovery: {own_site}/reports #Renewal",
        "Our new report on {topic} is out today. Read it here 👉 {own_site}/reports",
        "Join our webinar on {day}: what next for {topic} after #COVID19? Free, sign up here: {own_site}/events",
        "We'd love to talk to your team. Our network of {n_members} members across the UK has been working on exactly this.",
        "Our members told us {topic} is their top priority for the recovery. Full survey results: {own_site}/research",
        "We've been saying this for years. See our manifesto: {own_site}/manifesto",
        "Our {topic} programme reaches {n_members} people a year. Happy to share what we've learned.",
        "Please look at our evidence on {topic}: {own_site}/research",
        "We are running a survey of {group} right now, results in June. {own_site}/survey",
        "We have published a briefing on {topic} and the recovery {own_site}/news",
        "Our members across {place} and beyond would welcome the chance to contribute.",
    ]),
    "political": (95, [
        "This Tory government has spent ten years dismantling {topic}. Renewal? Don't make me laugh.",
        "Labour would have followed the experts from the start.", "#ToriesOut",
        "Funny how the government wants to listen now.", "Maybe start with the scientists they ignored in February?",
        "Get Brexit done, they said...", "Ten years of austerity. That's your 'where has this not worked'.",
        "Vote them out. That's the renewal.", "The Tories will ignore every answer in this thread.",
        "Labour councils have been doing this for years while Westminster cut their funding.",
        "Yet another listening exercise from ministers who never listen.",
        "They ignored the pandemic warnings, why would they change now? #ToriesOut",
        "Don't let this become another contracts bonanza for mates of ministers.",
        "Clap for carers then vote against paying them. Classic.", "Brexit has made all of this harder and you know it.",
        "The last Labour manifesto had half of this in it.", "This government couldn't organise PPE.",
        "The Tories have never cared about anyone north of Watford.",
        "Ten years of cuts to councils, the NHS, social care and public health, then a pandemic plan nobody "
        "followed. And now the same government wants ideas from Twitter? Honestly. #ToriesOut",
    ]),
    "political right": (15, [
        "Labour would just nationalise everything. No thanks.", "Typical lefty wish list in these replies. Open the economy.",
        "Half these replies are from people who've never run a business.",
        "Get the economy open and let people get back to work.", "The real renewal is finally leaving the EU properly.",
    ]),
    "abuse": (55, [
        "What a load of rubbish.", "Clueless.", "Clueless. Absolutely clueless.", "You lot are idiots.",
        "Idiots, the lot of you.", "Why are we paying you for this?",
        "Civil servants asking Twitter what to do. We're doomed 🤦",
        "Pathetic.", "Do your job instead of crowdsourcing it.", "Absolute waste of taxpayers' money.",
        "You don't listen anyway so why bother asking", "Is this a joke?", "Who even are you?", "useless",
        "Oh do shut up.", "Utterly clueless bunch.",
    ]),
    "help": (70, [
        "Happy to help. DM me.", "Ask for help! People are desperate to help.",
        "I'd be happy to share what we learned running a food hub in {place}.",
        "Drop me a line if useful, I've worked on this for twenty years.",
        "Happy to connect you with our local mutual aid group.", "If you want volunteers for a listening exercise, count me in.",
        "Shout if we can help.", "I research {topic}, happy to talk.", "Can I help? Not sure who to contact.",
        "Nobody has all the answers. That's fine.",
        "Does anyone know who in government is leading on this? Would love to help.", "We'd love to help in {place}.",
    ]),
    "reaction": (90, [
        "Great question 👏", "Following with interest.", "This.", "Watching this thread 👀", "Brilliant thread.",
        "Love this <3", "Good to see this being asked.", "Some brilliant replies here.", "So many good answers.",
        "Bookmarking this thread.", "Really good to see a civil servant listening.", "Thank you for asking.",
        "Agree with all of this.", "Yes!", "Great replies in here, hope they're read.",
        "Will these replies actually be read by anyone?", "Who is reading all these?",
    ]),
}

# Replies to another replier in the thread (their handle joins the reply prefix).
AGREEMENTS = [
    "Agree with this.", "Exactly this.", "Completely agree.", "Yes, this!", "Seconded.", "Came here to say this.",
    "This is the answer.", "Not sure that's true.", "Strongly disagree, but interesting.", "100%", "Spot on.",
]
OPENERS = [
    "Great question.", "Honestly?", "Good on you for asking.", "Thanks for asking!", "Interesting question -",
    "FWIW", "Genuinely:", "Not being funny but", "For me,", "Simple:", "Easy.", "In short:",
]
HASHTAGS = {
    "listening": ["#LivedExperience", "#COVID19", "#CoProduction"],
    "questions": ["#Renewal", "#COVID19", "#coronavirus"],
    "history": ["#COVID19", "#LessonsLearned"],
    "local": ["#CommunityPower", "#MutualAid", "#Localism", "#Renewal"],
    "sustainability": ["#BuildBackBetter", "#GreenRecovery", "#WellbeingEconomy", "#NetZero", "#ClimateEmergency",
                       "#BuildBackGreener"],
    "economic": ["#UBI", "#FairerFuture", "#BuildBackBetter", "#4DayWeek", "#LivingWage"],
    "research": ["#COVID19", "#reading"],
    "lobbying": ["#Renewal", "#BuildBackBetter", "#COVID19"],
    "political": ["#ToriesOut", "#GTTO", "#COVID19", "#Brexit"],
    "political right": ["#Brexit", "#COVID19"],
    "abuse": ["#COVID19"],
    "help": ["#MutualAid"],
    "reaction": ["#COVID19"],
}
EMOJI = {
    "listening": ["👏", "💯", "👂", "🙌"], "questions": ["🤔", "👇"], "history": ["🤔", "📚"],
    "local": ["💪", "❤️", "🏘️"], "sustainability": ["🌱", "🌍", "💚", "🌳"], "economic": ["💷", "👏"],
    "research": ["📚", "👇"], "lobbying": ["👇", "📢"], "political": ["🙄", "😂", "🤡"],
    "political right": ["🇬🇧", "🙄"], "abuse": ["🙄", "🤦"],
    "help": ["🙋", "😊"], "reaction": ["👏", "🙌", "👀"],
}
# Misspellings a scrape keeps, applied to a few replies.
TYPOS = {
    "government": "goverment", "their": "thier", "because": "becuase", "definitely": "definately",
    "believe": "beleive", "people": "poeple", "communities": "communites", "listen": "lisen", "really": "realy",
}

# Fictional organisations that use the thread to promote themselves: (handle, display name, site).
ORGANISATIONS = [
    ("CommongroundCIC", "Commonground Futures CIC", "commongroundfutures.org.uk"),
    ("NorthernKindNet", "Northern Kindness Network", "northernkindness.net"),
    ("MillbrookTrust", "Millbrook Community Trust", "millbrooktrust.org.uk"),
    ("SeedbankCIC", "Seedbank Wellbeing CIC", "seedbankwellbeing.co.uk"),
    ("OpenTableFdn", "Open Table Foundation", "opentablefoundation.org.uk"),
    ("CivicHearth", "Civic Hearth Network", "civichearth.net"),
    ("FairshareTrust", "Fairshare Futures Trust", "fairsharefutures.org.uk"),
    ("GreenThreadFdn", "Green Thread Foundation", "greenthreadfoundation.org"),
    ("TidewaterSEN", "Tidewater Social Enterprise Network", "tidewatersen.org.uk"),
    ("LarkfieldCIC", "Larkfield Places CIC", "larkfieldplaces.co.uk"),
    ("KinshipEconFdn", "Kinship Economy Foundation", "kinshipeconomy.org"),
    ("RootsRoutesTrust", "Roots & Routes Trust", "rootsandroutes.org.uk"),
]

FIRST_NAMES = [
    "Sarah", "James", "Emma", "Dave", "Priya", "Tom", "Rachel", "Mohammed", "Claire", "Gareth", "Aisha", "Ben",
    "Fiona", "Kwame", "Helen", "Rob", "Nia", "Stuart", "Jo", "Imran", "Laura", "Pete", "Sian", "Chris", "Hannah",
    "Marcus", "Gemma", "Tariq", "Ruth", "Neil", "Zainab", "Kate", "Dan", "Morag", "Liam", "Anita", "Owen", "Beth",
    "Raj", "Kirsty", "Euan", "Sophie", "Graham", "Leah", "Callum", "Yasmin", "Martin", "Ellie", "Andy", "Nadia",
]
SURNAMES = [
    "Mills", "Okafor", "Hughes", "Patel", "Walsh", "McLeod", "Ahmed", "Turner", "Davies", "Byrne", "Khan", "Foster",
    "Campbell", "Ellis", "Singh", "Morgan", "Reid", "Thornton", "Asante", "Price", "Lewis", "Begum", "Fraser",
    "Holloway", "Chowdhury", "Bell", "Kowalski", "Shaw", "Gallagher", "Nwosu", "Pritchard", "Doyle", "Rahman",
]
# Accounts named for a habit or a place rather than a person: one of each list, as in "CoastalGran".
HANDLE_FIRST_WORDS = ["Green", "Northern", "Coastal", "Urban", "Civic", "Valley", "Allotment", "Policy", "Cycling",
                      "Knitting", "Grumpy", "Hopeful", "Bookish", "Rural", "Fenland", "Pennine"]
HANDLE_SECOND_WORDS = ["Gran", "Dad", "Mum", "Nurse", "Teacher", "Wonk", "Owl", "Walker", "Planner", "Geek",
                       "Gardener", "Baker", "Vicar", "Medic", "Carer", "Lass"]
NAME_DECORATIONS = ["", "", "", "", "", " 🌱", " 🇪🇺", " 🇬🇧", " 💙", " #FBPE", " 🏴󠁧󠁢󠁷󠁬󠁳󠁿", " 🌈", " 🐝"]
