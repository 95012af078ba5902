"""The demo blog's people, sections and articles, written for bluedomes.

Places are left unnamed or invented on purpose: this is sample prose for a
regional-affairs blog, not reporting. ``{link:SLUG}`` in a body becomes the
full URL of that demo article when it is loaded."""

from bluedomes import roles

AUTHORS = [
    {"username": "nadia", "first_name": "Nadia", "last_name": "Rahimova", "group": roles.AUTHORS},
    {"username": "daniyar", "first_name": "Daniyar", "last_name": "Seitkali", "group": roles.AUTHORS},
    {"username": "lena", "first_name": "Lena", "last_name": "Brandt", "group": roles.AUTHORS},
    {"username": "farrukh", "first_name": "Farrukh", "last_name": "Ismoilov", "group": roles.AUTHORS},
    {"username": "mira", "first_name": "Mira", "last_name": "Osei", "group": roles.EDITORS},
    {"username": "kemal", "first_name": "Kemal", "last_name": "Durmaz", "group": roles.MODERATORS},
]

CATEGORIES = [
    ("economy", "Economy", "Money, work and trade, as people live them."),
    ("environment", "Environment", "Rivers, glaciers, fields and the weather that decides them."),
    ("society", "Society", "Schools, languages, families and the stories they tell."),
    ("travel", "Travel", "Trains, roads, passes and the people met along them."),
    ("diplomacy", "Borders & Diplomacy", "Neighbours, crossings and the agreements between them."),
]

TAGS = [
    ("rail", "rail"), ("water", "water"), ("bazaars", "bazaars"), ("remittances", "remittances"),
    ("energy", "energy"), ("education", "education"), ("language", "language"),
    ("agriculture", "agriculture"), ("cities", "cities"), ("mountains", "mountains"),
    ("trade", "trade"), ("media", "media"), ("climate", "climate"),
]

# Picture recipes: two gradient colours and a motif drawn over them.
PALETTES = {
    "economy": ((18, 52, 86), (214, 140, 52)),
    "environment": ((12, 74, 78), (120, 190, 170)),
    "society": ((70, 30, 80), (226, 120, 110)),
    "travel": ((24, 40, 92), (110, 170, 230)),
    "diplomacy": ((40, 44, 52), (150, 160, 180)),
}

ARTICLES = [
    {
        "slug": "the-night-train-east",
        "title": "The night train east",
        "author": "lena",
        "categories": ["travel"],
        "tags": ["rail", "cities"],
        "days_ago": 236,
        "motif": "rails",
        "body": """
<p>The night train leaves a little after nine, and by the time the city lights have thinned out the
carriage has already become a small village. Someone has unpacked bread and a jar of apricot jam, a
student is asleep before the conductor has checked a single ticket, and two grandmothers are comparing
the prices of everything they bought at the market that morning.</p>
<p>I take this train because it is slow. Flying would save a day, but it would also skip the part of
the journey where you learn how a country fits together: which stations still sell hot samsa through
the window, where the phone signal drops, when the steppe turns into foothills and the air through the
open vent starts to smell of snow.</p>
<h2>Four bunks and a table</h2>
<p>A compartment is a negotiation. Four strangers share a table the size of a chessboard, and within an
hour there is an agreement about who sleeps on which bunk, whose turn it is to fetch boiling water from
the samovar at the end of the corridor, and whether the window stays open. Nobody writes any of this
down, and nobody breaks it.</p>
<blockquote><p>“On a plane you arrive. On a train you travel,” the man on the lower bunk said, and then
offered me half of his melon.</p></blockquote>
<p>By dawn the train was running along a river I could not name, past orchards and brick houses with
blue gates. Nobody was in a hurry. The conductor brought tea in glasses with metal holders, and for a
few hours the whole carriage seemed to agree that arriving could wait.</p>
""",
    },
    {
        "slug": "why-bazaar-prices-rise-in-spring",
        "title": "Why bazaar prices rise in spring",
        "author": "nadia",
        "categories": ["economy"],
        "tags": ["bazaars", "agriculture", "trade"],
        "days_ago": 221,
        "motif": "stalls",
        "body": """
<p>Every spring the same conversation repeats itself at the bazaar: tomatoes cost more than they did in
autumn, the stallholders blame the weather, and the shoppers blame the stallholders. Both are partly
right, and the reasons say a lot about how food moves in a region where most of it still travels a short
distance from field to table.</p>
<h2>The hungry gap</h2>
<p>Farmers call the weeks between the end of winter stores and the first local harvest the hungry gap.
Cellars are nearly empty, greenhouse produce is still expensive to grow, and what is on sale has often
come from much further away, on trucks that pay fuel, tolls and the occasional unofficial fee at a
checkpoint.</p>
<ul>
<li><strong>Storage:</strong> few farms have cold storage, so autumn surpluses are sold cheaply instead of kept.</li>
<li><strong>Transport:</strong> imported produce carries the cost of long roads and border waits.</li>
<li><strong>Holidays:</strong> spring festivals raise demand just when supply is thinnest.</li>
</ul>
<p>None of this is a mystery to the women who run the vegetable rows. Ask them, and they will explain
the whole supply chain while weighing your potatoes. What they would like is not a price cap but a
cold store within reach, so that the autumn glut and the spring shortage could meet halfway.</p>
""",
    },
    {
        "slug": "a-glacier-you-can-hear",
        "title": "A glacier you can hear",
        "author": "daniyar",
        "categories": ["environment"],
        "tags": ["water", "mountains", "climate"],
        "days_ago": 207,
        "motif": "peaks",
        "body": """
<p>On a warm afternoon at the foot of the glacier you do not only see the ice retreating, you hear it.
Water runs under the surface with a steady hollow sound, stones slip from the moraine, and every so often
a crack echoes across the valley like a door slammed in a distant house.</p>
<p>The shepherds who bring their flocks up here each summer keep their own records. They do not use
satellite images; they remember the rock where the ice ended when they were children, and the path their
fathers used that now crosses bare gravel. Their memory and the scientists' measurements tell the same
story.</p>
<h2>Downstream, the question changes</h2>
<p>For the towns in the valley, a shrinking glacier is at first a strange kind of good news: more melt
means more water in late summer, exactly when the fields need it. The worry is what comes after, when
there is less ice left to melt and the late-summer flow starts to fall.</p>
<p>That is why the most interesting conversations I had on this trip were not about ice at all, but about
canals, leaking pipes and which crops a family can still afford to grow. Adaptation here looks less like
a grand project and more like a thousand small repairs.</p>
""",
    },
    {
        "slug": "money-that-comes-home",
        "title": "Money that comes home",
        "author": "nadia",
        "categories": ["economy", "society"],
        "tags": ["remittances", "trade"],
        "days_ago": 193,
        "motif": "arches",
        "body": """
<p>In many villages the newest houses are built by people who are not there. A son working on building
sites abroad sends money every month; a daughter cleaning offices in another country pays for her
brother's school fees. The transfers arrive at a small office next to the bus stop, and the queue on
the first days of the month is a good measure of how the economy somewhere else is doing.</p>
<h2>What the money builds</h2>
<p>Remittances are usually discussed as a share of the national economy, but on the ground they are
very concrete: a second storey, a car that doubles as a taxi, a wedding that would otherwise have been
postponed. Less visible is what they do not build, because the money arrives in small amounts and goes
straight to household needs.</p>
<blockquote><p>“The house is finished, but my husband has seen it only in photographs,” a woman told me,
laughing, and then not laughing.</p></blockquote>
<p>The harder question is what happens when the work abroad dries up. Families that depend on one
distant job have little cushion, and the skills learned on foreign building sites do not always find
a use at home. The most hopeful projects I saw were small ones: a returned migrant who started a
workshop, a cooperative that pooled transfers to buy a shared tractor.</p>
""",
    },
    {
        "slug": "learning-three-languages-before-lunch",
        "title": "Learning three languages before lunch",
        "author": "farrukh",
        "categories": ["society"],
        "tags": ["education", "language"],
        "days_ago": 180,
        "motif": "domes",
        "body": """
<p>The first lesson of the day is in the state language, the second in Russian, and after the break a
young teacher writes English words on the board in careful capital letters. The children switch between
them with an ease that their parents envy, and with a mix of accents that would puzzle any examiner.</p>
<p>Language policy is often argued about in ministries and newspapers, as a question of identity and
history. In a classroom it is mostly a question of textbooks and teachers: which books exist, who can
teach from them, and how many hours there are in a school week.</p>
<h2>What teachers asked for</h2>
<ol>
<li>Textbooks that arrive at the start of the school year, not in the middle of it.</li>
<li>Training in teaching a subject through a second language, not only teaching the language itself.</li>
<li>Fewer reforms, announced earlier, so that there is time to prepare for each one.</li>
</ol>
<p>None of these demands is dramatic. Together they describe a school system that wants to stay
multilingual and simply needs the means to do it well.</p>
""",
    },
    {
        "slug": "the-pass-opens-in-june",
        "title": "The pass opens in June",
        "author": "lena",
        "categories": ["travel", "diplomacy"],
        "tags": ["mountains", "trade"],
        "days_ago": 166,
        "motif": "peaks",
        "body": """
<p>For seven months of the year the high pass is closed, and the valleys on either side live with their
backs to each other. When the snowplough finally clears the road in June, the first trucks across are
met almost like guests: people come out to watch them pass, and the roadside tea houses open their
shutters for the season.</p>
<p>The crossing itself is a small building with a flag, a barrier and a weighing scale for trucks. In
the weeks after the opening it is busy with traders who have waited all winter to move goods that are
cheap on one side and dear on the other: dried fruit going one way, household plastics the other.</p>
<h2>A season measured in trucks</h2>
<p>Ask anyone in the valley how the year is going and they will answer in trucks: how many crossed
yesterday, how long the queue was, whether the customs officers are new and strict or old and patient.
A good season can pay for a family's winter. A landslide that closes the road for a fortnight can
undo it.</p>
<p>It is easy, from a capital city, to see such crossings as lines on a map. Up here they are the
rhythm of the whole year.</p>
""",
    },
    {
        "slug": "sharing-a-river",
        "title": "Sharing a river",
        "author": "daniyar",
        "categories": ["environment", "diplomacy"],
        "tags": ["water", "agriculture", "energy"],
        "days_ago": 152,
        "motif": "river",
        "body": """
<p>A river that crosses a border serves two masters with different calendars. Upstream, where the
mountains are, water is most valuable in winter, when it can turn turbines and heat homes. Downstream,
on the plains, it is most valuable in summer, when it irrigates fields. The same cubic metre cannot be
in both places at once.</p>
<p>For decades the solution was a trade: water released in summer for the farms downstream, energy or
fuel sent back upstream for the winter. When those arrangements weaken, every dry year turns into a
diplomatic argument.</p>
<h2>Small agreements, not only big ones</h2>
<p>The headlines go to summit meetings and reservoir projects. Less noticed are the technical committees
that meet every season to agree on release schedules, and the local officials on both banks who phone
each other when a canal gate needs to be opened a day early.</p>
<blockquote><p>The most important water infrastructure in the valley, an engineer told me, is a list of
phone numbers.</p></blockquote>
<p>None of this makes the underlying conflict disappear. But it shows that sharing a river is less a
single treaty than a habit, renewed every spring.</p>
""",
    },
    {
        "slug": "a-city-of-courtyards",
        "title": "A city of courtyards",
        "author": "farrukh",
        "categories": ["society", "travel"],
        "tags": ["cities"],
        "days_ago": 139,
        "motif": "arches",
        "body": """
<p>From the main avenues the old quarter looks like a row of blank walls and wooden gates. Step through
one of those gates and a different city opens up: a courtyard with a vine trained over a trellis, a
tap in the corner, a raised platform where the family eats in summer, and doors to rooms that have
been added one generation at a time.</p>
<p>Courtyard houses are a clever answer to a hot, dry climate. The walls keep out dust and the
afternoon sun; the trees and the small pool keep the air a few degrees cooler; and the platform lets
everyone sleep outside on the hottest nights.</p>
<h2>Pressure from the new city</h2>
<p>These quarters are now under pressure. New apartment blocks offer running hot water and parking,
and the land under an old courtyard is worth more than the house on it. Some families sell gladly.
Others would stay if they could fix the roof and the plumbing without losing what makes the place
theirs.</p>
<p>The best renovation I saw kept the gate, the vine and the platform, and hid a modern kitchen behind
an old carved door. It can be done. It just costs more patience than a demolition.</p>
""",
    },
    {
        "slug": "electricity-in-winter",
        "title": "Electricity in winter",
        "author": "nadia",
        "categories": ["economy", "environment"],
        "tags": ["energy", "climate"],
        "days_ago": 125,
        "motif": "grid",
        "body": """
<p>In January the power schedule is pinned to the door of every shop in the district: two hours on,
two hours off, and an extra cut in the evening when everyone switches on their heaters at once.
Shopkeepers plan their day around it; students charge phones and laptops whenever the light comes
back.</p>
<p>The cause is easy to describe and hard to fix. Most electricity comes from hydropower, reservoirs
are at their lowest in late winter, and demand is at its highest. Old transmission lines lose a part
of what is produced before it ever reaches a socket.</p>
<h2>What households do</h2>
<ul>
<li>Families heat one room well instead of the whole house.</li>
<li>Coal and dried dung come back into use, with the smoke that goes with them.</li>
<li>Those who can afford it buy small generators, and the neighbours hear them all night.</li>
</ul>
<p>Solar panels are starting to appear on rooftops, mostly for lighting and phones. They will not heat
a house in January, but they do change one thing: the evening is no longer completely dark.</p>
""",
    },
    {
        "slug": "what-the-radio-still-does",
        "title": "What the radio still does",
        "author": "farrukh",
        "categories": ["society"],
        "tags": ["media", "language"],
        "days_ago": 111,
        "motif": "waves",
        "body": """
<p>In the capital, news comes through phones: messaging channels, short videos, and the occasional
long article shared in a family group. Two hours' drive away, in the villages along the river, the
radio is still on in most kitchens from breakfast until the evening.</p>
<p>Local stations do things the national channels do not. They read out lost-and-found notices, announce
which roads are closed by snow, and broadcast wedding greetings with a song chosen by the family. A
farmer told me he listens mostly for the weather and the market prices, but stays for the requests.</p>
<h2>Trust, slowly earned</h2>
<p>Trust in media is low almost everywhere, but people make exceptions for voices they know. The
presenter of the morning show at one station has been on air for twenty years, and listeners call him
by his first name.</p>
<p>Stations like this struggle for money and often for independence. Still, for a large part of the
audience they remain the most reliable link between the village and the news that affects it.</p>
""",
    },
    {
        "slug": "a-border-market-on-thursdays",
        "title": "A border market on Thursdays",
        "author": "lena",
        "categories": ["diplomacy", "economy"],
        "tags": ["bazaars", "trade"],
        "days_ago": 98,
        "motif": "stalls",
        "body": """
<p>Once a week, in a fenced field between two checkpoints, a market appears. Traders from both sides
come through their own gates, set up tables under the same awnings, and do business for a day in a
mixture of languages. By evening the field is empty again.</p>
<p>Markets like this are a small, practical form of diplomacy. They let families on both sides buy
what is cheaper across the line without the paperwork of a full crossing, and they keep alive
relationships that the border itself cuts through.</p>
<h2>The rules of the field</h2>
<p>There are limits on how much each person may carry, and officials walk the rows checking. But the
atmosphere is less that of a customs post than of a village fair, with children running between the
tables and tea served from large kettles.</p>
<p>Whenever relations between the capitals grow tense, the market is among the first things to close,
and among the first to reopen when they improve. The traders follow the news from both capitals more
closely than most diplomats.</p>
""",
    },
    {
        "slug": "cotton-fields-and-what-comes-after",
        "title": "Cotton fields and what comes after",
        "author": "daniyar",
        "categories": ["environment", "economy"],
        "tags": ["agriculture", "water"],
        "days_ago": 86,
        "motif": "rows",
        "body": """
<p>For generations the plains were planned around one crop. Canals were dug for it, towns were built
for its harvest, and whole school terms were once interrupted to bring it in. Today many farms are
trying something else: orchards, vegetables, wheat, or the same cotton grown with far less water.</p>
<p>Changing crops is not a simple decision for a farmer. A new orchard takes years before it bears
fruit, and someone has to pay the family in the meantime. Vegetables need buyers, cold storage and
roads. Water-saving irrigation needs equipment and someone who knows how to repair it.</p>
<h2>Where the change is working</h2>
<p>The farms where diversification worked best had something in common: a buyer close by. A juice
factory, a processing plant, a supermarket chain willing to sign a contract before planting. The crop
followed the market, not the other way round.</p>
<p>There is a lesson there for every plan written about these plains. Tell a farmer what to grow and
you will get an argument. Show them who will buy it, and the fields change by themselves.</p>
""",
    },
    {
        "slug": "the-first-direct-flight",
        "title": "The first direct flight",
        "author": "lena",
        "categories": ["travel"],
        "tags": ["cities", "trade"],
        "days_ago": 74,
        "motif": "sky",
        "body": """
<p>When a new direct flight connects two regional cities, the first passengers are rarely tourists.
They are traders with sample cases, students going home for the holidays, and families visiting
relatives they used to reach only after a change of planes in a distant hub.</p>
<p>A direct route turns a two-day journey into an afternoon. That changes small things first: a trader
can inspect goods in person and be home for dinner, a university can invite a lecturer for a single
seminar, and a grandmother can attend a birthday instead of sending a present.</p>
<h2>Cheap fares and their limits</h2>
<p>Low-cost carriers have made many of these routes possible, and they are fragile. A route that does
not fill its seats in the first season is quietly dropped, and the old connections through the hub
come back.</p>
<p>I wrote about the slow way east a few months ago, in
<a href="{link:the-night-train-east}">The night train east</a>. Both have their place: the train
for seeing how a country fits together, the plane for keeping families and businesses close.</p>
""",
    },
    {
        "slug": "schools-in-the-mountains",
        "title": "Schools in the mountains",
        "author": "farrukh",
        "categories": ["society"],
        "tags": ["education", "mountains"],
        "days_ago": 63,
        "motif": "peaks",
        "body": """
<p>The school at the top of the valley has eleven pupils, three teachers and one stove. In winter the
children arrive with a piece of firewood each, and lessons for all ages are held in the single warm
room. The youngest learn letters in one corner while the oldest prepare for exams in another.</p>
<p>Small mountain schools are expensive per pupil and easy targets when budgets are cut. Closing them,
though, means sending children to board in town from the age of seven, and many families would rather
keep them home.</p>
<h2>What helps</h2>
<ul>
<li>Teachers who come from the valley and intend to stay.</li>
<li>Lessons shared with a larger school over a video link, when the connection allows.</li>
<li>A school bus for the months when the road is open, and flexibility when it is not.</li>
</ul>
<p>The headteacher's ambition is modest: that every child who wants to can finish school without
leaving the valley. In a place where the road closes for months, that is not modest at all.</p>
""",
    },
    {
        "slug": "a-railway-that-skips-the-capital",
        "title": "A railway that skips the capital",
        "author": "nadia",
        "categories": ["economy", "diplomacy"],
        "tags": ["rail", "trade"],
        "days_ago": 52,
        "motif": "rails",
        "body": """
<p>Most railways in the region were built to connect each place to a distant centre. New lines are
drawn differently: they connect neighbours directly, and some of them skip the capitals entirely.
That is a quiet but real change in how the region imagines itself.</p>
<p>A freight line is mostly a question of money and engineering. Who pays for the tunnels, which gauge
is used, how long it takes to move containers from one set of wheels to another at the border. Those
technical details decide whether a route is actually used or only opened with a ceremony.</p>
<h2>Who benefits</h2>
<p>Transit fees are the obvious prize, but the bigger effect may be on the towns along the line. A
station where trains actually stop can turn a remote district into a place where it is worth building
a warehouse or a factory.</p>
<p>Whether that happens depends less on the railway than on what is built around it. A line that
carries sealed containers straight through is a corridor. A line that stops is an economy.</p>
""",
    },
    {
        "slug": "dust-storms-and-dry-seas",
        "title": "Dust storms and dry seas",
        "author": "daniyar",
        "categories": ["environment"],
        "tags": ["climate", "water", "agriculture"],
        "days_ago": 41,
        "motif": "waves",
        "body": """
<p>On the worst days the sky turns the colour of weak tea and the wind carries a fine salty dust from
what used to be a seabed. It settles on fields, roofs and washing lines, and people cover their faces
with scarves for the walk to the bus stop.</p>
<p>Dust storms are the most visible reminder that water used upstream has consequences far away. The
dried-out basin does not only lose its fishing and its shipping; it becomes a source of pollution for
everyone downwind.</p>
<h2>Planting against the wind</h2>
<p>Some of the most practical work here is also the least glamorous: planting hardy shrubs on the
exposed seabed so that their roots hold the soil in place. It is slow, and many seedlings do not
survive the first summer. Where they do, the difference in the air is noticeable.</p>
<p>Nobody I met believed the old sea would come back. What they wanted was more modest and more
urgent: fewer days when the children cannot play outside.</p>
""",
    },
    {
        "slug": "weddings-on-a-budget",
        "title": "Weddings on a budget",
        "author": "farrukh",
        "categories": ["society", "economy"],
        "tags": ["remittances"],
        "days_ago": 30,
        "motif": "domes",
        "body": """
<p>A wedding with three hundred guests is considered small in many families, and the cost can exceed
what a household earns in several years. Restaurants, musicians, gifts for both families, new clothes
for everyone: the list grows with each conversation between the two sides.</p>
<p>Every few years there are calls to limit the scale of celebrations, sometimes from officials and
sometimes from religious leaders. Families listen politely and then, often, do what their neighbours
did, because a modest wedding can be read as a sign of poverty or of disrespect.</p>
<h2>Changing from the inside</h2>
<p>The change I saw was not imposed from above. It came from young couples who had lived abroad, or who
simply preferred to spend the money on an apartment. Some held a small family ceremony and a separate
party for friends; others agreed with both families on a guest list before anyone could add to it.</p>
<p>These are private decisions, but they add up. When enough families choose a smaller wedding, the
next family finds it easier to do the same.</p>
""",
    },
    {
        "slug": "notes-from-a-customs-queue",
        "title": "Notes from a customs queue",
        "author": "lena",
        "categories": ["diplomacy", "travel"],
        "tags": ["trade"],
        "days_ago": 19,
        "motif": "grid",
        "body": """
<p>The truck drivers at the crossing have a word for the waiting: they call it “the second job”. Some
wait a few hours, some several days, depending on the season, the paperwork and the mood between the
two governments that week.</p>
<p>The queue has its own economy. Women sell tea and bread from the back of a car, a mechanic walks
along the line offering repairs, and someone always knows a man who can speed things up for a fee,
though nobody admits to having paid one.</p>
<h2>What would shorten it</h2>
<ol>
<li>Electronic declarations filed before the truck arrives.</li>
<li>Joint inspections, so that goods are checked once instead of twice.</li>
<li>Enough staff at the weekend, when most trucks arrive.</li>
</ol>
<p>Each of these has been announced at least once. The drivers are not impressed by announcements.
They measure progress in hours, and this spring the hours were a little shorter.</p>
""",
    },
    {
        "slug": "a-year-of-blue-domes",
        "title": "A year of Blue Domes",
        "author": "nadia",
        "categories": ["society"],
        "tags": ["media"],
        "days_ago": 8,
        "motif": "domes",
        "body": """
<p>This blog started as a place to keep notes that did not fit anywhere else: conversations from
long journeys, small numbers that told big stories, and questions we kept asking each other after
the reporting was done. A year later there are five of us writing, and more readers than we ever
expected.</p>
<p>Thank you for the comments, the corrections and the long messages from people who know a valley,
a market or a railway line far better than we do. Several articles this year started with one of
them.</p>
<h2>What comes next</h2>
<ul>
<li>More writing from outside the capitals, where most of the region actually lives.</li>
<li>Longer pieces on water and energy, the two subjects readers asked about most.</li>
<li>Guest posts from teachers, engineers and traders, in their own words.</li>
</ul>
<p>As always, if you think we got something wrong, tell us in the comments. That is how this blog
gets better.</p>
""",
    },
    {
        "slug": "the-price-of-a-cold-store",
        "title": "The price of a cold store",
        "author": "nadia",
        "categories": ["economy"],
        "tags": ["agriculture", "bazaars"],
        "days_ago": -5,
        "status": "scheduled",
        "motif": "stalls",
        "body": """
<p>In spring I wrote about why vegetable prices rise at the bazaar every year. Several readers asked
the obvious follow-up question: if cold storage would help, why does almost nobody build it?</p>
<p>The short answer is that a cold store is a bet on next year's prices, paid for with this year's
money. It needs a reliable electricity supply, which many villages do not have in winter, and a loan
that few banks will give to a small farm.</p>
<h2>Shared stores</h2>
<p>The projects that work tend to be shared: a cooperative of twenty families, a store run by the
district, a trader who rents space by the crate. Each of them spreads the risk that no single farm
could carry alone.</p>
""",
    },
    {
        "slug": "draft-ideas-for-a-series-on-canals",
        "title": "Ideas for a series on canals",
        "author": "daniyar",
        "categories": ["environment"],
        "tags": ["water"],
        "days_ago": 0,
        "status": "draft",
        "motif": "river",
        "body": """
<p>Working notes for a series on the canals that carry water from the rivers to the fields.</p>
<ul>
<li>Who decides when a gate opens, and how farmers downstream find out.</li>
<li>Lining canals to stop leaks: where it pays, and where it does not.</li>
<li>The water users' associations, and whether they have any real power.</li>
</ul>
<p>Still to do: find an engineer willing to walk a canal with me for a whole day.</p>
""",
    },
]

# Articles that carry a picture inside their body as well as a featured one:
# (motif, alt text, caption).
BODY_FIGURES = {
    "the-night-train-east": (
        "rails", "Rails running towards the horizon under an evening sky",
        "A sleeper line at dusk, drawn for this blog.",
    ),
    "sharing-a-river": (
        "river", "A blue river winding between two green banks",
        "Two banks, one river: an illustration of a shared water course.",
    ),
}

# The pages a reader looks for in the footer: (slug, parent slug, title,
# body, whether it holds the contact form). Parents come before children.
PAGES = [
    ("about", None, "About", (
        "<p>Blue Domes is a small team writing about Central Asia and its neighbours: water, work, "
        "borders and the people who cross them. We publish in English, Russian and Kazakh.</p>"
        "<p>Articles are signed by the person who wrote them; corrections are marked at the end of "
        "the article they change.</p>"
    ), False),
    ("team", "about", "Who we are", (
        "<p>Four authors, an editor who reads everything before it goes out, and volunteers who "
        "look after the comments.</p>"
    ), False),
    ("contact", None, "Contact", (
        "<p>Tips, corrections and questions reach the editors through this form. If you would rather "
        "not be identified, leave the email field as an address you can check but that does not name you.</p>"
    ), True),
]
