//! Synthetic wire copy for measuring gogai at scale, shared by the benchmarks
//! and `examples/corpus.rs`. Each article has a title, source, date, two to
//! four tags, one fact and eight paragraphs (~5 KB of JSON) whose words,
//! people, organisations and places vary from article to article, so that a
//! search finds some articles and not others. About one in eight articles
//! carries a Japanese paragraph. Deterministic: article `i` is always the
//! same text.

/// About three hundred words, function words repeated so they come up as
/// often as in real copy.
const VOCABULARY: &str = "\
    market markets policy government officials plan budget growth investment technology energy \
    climate research university students workers wages prices inflation interest rates bank \
    banks loans trade exports imports tariffs shipping ports railway roads housing rents city \
    council election voters parliament minister ministry report survey data analysis forecast \
    quarter year month week company companies startup startups factory factories supply chain \
    chips semiconductor software cloud computing artificial intelligence model models training \
    security cyber attack defence network networks service services customers users privacy \
    rules regulators court ruling appeal lawsuit agreement deal merger shares stock investors \
    profit loss revenue sales demand costs fuel oil gas power grid solar wind nuclear battery \
    batteries electric cars vehicles airline flights airport tourism hotels visitors health \
    hospital doctors patients vaccine drug drugs trial study science scientists space \
    satellite launch rocket ocean fishing farmers crops harvest food water drought flood storm \
    weather heat schools teachers children families pension pensions tax taxes spending debt \
    deficit currency yen dollar euro exchange central strategy partnership programme project \
    projects infrastructure data centre centres capacity expansion jobs employment skills \
    training talent labour union strike talks negotiations summit leaders allies partners \
    region regional national local global international domestic foreign public private sector \
    industry industrial digital online platform platforms media news press statement \
    announcement plans targets goals record highest lowest rise fall increase decline recovery \
    slowdown risk risks concerns pressure support help aid funding grants subsidies reform \
    reforms changes new old large small major minor early late recent next last first second \
    third final open closed strong weak steady sharp modest rapid slow said says expects \
    warned added noted argued announced confirmed denied agreed rejected approved proposed the \
    the the the a a an of of of in in to to and and for on with by at from that this its their \
    after before while as than more less over under about into amid";

const FIRST_NAMES: &[&str] = &[
    "Yuki", "Haruto", "Aiko", "Kenji", "Maria", "James", "Sofia", "Daniel", "Amara", "Lukas",
    "Priya", "Chen", "Olivia", "Mateo", "Fatima", "Noah",
];

const SURNAMES: &[&str] = &[
    "Tanaka", "Sato", "Suzuki", "Watanabe", "Garcia", "Smith", "Rossi", "Müller", "Okafor",
    "Novak", "Sharma", "Wei", "Johnson", "Silva", "Haddad", "Kim",
];

const ROLES: &[&str] = &[
    "chief executive",
    "finance minister",
    "president",
    "chief economist",
    "director",
    "spokesperson",
    "professor",
    "analyst",
];

const ORGS: &[&str] = &[
    "Kaito Systems",
    "Northwind Bank",
    "Sakura Energy",
    "Blue Harbour Shipping",
    "Meridian Health",
    "Atlas Robotics",
    "Fujimi Motors",
    "Orion Telecom",
    "Greenfield Foods",
    "Helix Pharma",
    "Tokyo University",
    "Ministry of Finance",
];

const PLACES: &[&str] = &[
    "Tokyo",
    "Osaka",
    "London",
    "Berlin",
    "Paris",
    "Seoul",
    "Singapore",
    "Sydney",
    "Toronto",
    "Nairobi",
    "São Paulo",
    "Mumbai",
];

const TAGS: &[&str] = &[
    "news",
    "markets",
    "policy",
    "technology",
    "energy",
    "health",
    "japan",
    "europe",
    "asia",
    "science",
    "trade",
    "labour",
];

const JAPANESE: &[&str] = &[
    "東京都は新しい計画を発表した。",
    "政府は投資を拡大すると述べた。",
    "市場は前年比で成長した。",
    "研究者は人工知能の安全性を調べている。",
    "大阪の工場で生産が再開された。",
    "銀行は金利を据え置いた。",
];

/// A small deterministic generator (xorshift64*), seeded per article.
struct Rng(u64);

impl Rng {
    fn new(seed: usize) -> Self {
        // Any non-zero start works; mixing keeps nearby seeds apart.
        Self((seed as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn vocabulary() -> &'static [&'static str] {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| VOCABULARY.split_whitespace().collect())
}

/// A sentence of eight to eighteen vocabulary words.
fn filler(rng: &mut Rng) -> String {
    let len = 8 + rng.below(11);
    let mut words: Vec<&str> = (0..len).map(|_| rng.pick(vocabulary())).collect();
    let mut sentence = words.remove(0).to_owned();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    for w in words {
        sentence.push(' ');
        sentence.push_str(w);
    }
    sentence.push('.');
    sentence
}

/// The JSON text of article number `i`.
pub fn article_json(i: usize) -> String {
    let mut rng = Rng::new(i);
    let person = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
    let surname = person.rsplit(' ').next().unwrap_or(&person).to_owned();
    let org = rng.pick(ORGS);
    let other_org = rng.pick(ORGS);
    let place = rng.pick(PLACES);
    let role = rng.pick(ROLES);
    let amount = format!("${}.{} billion", 1 + rng.below(90), rng.below(10));
    let body: Vec<String> = (0..8)
        .map(|p| {
            let mut sentences: Vec<String> = (0..5).map(|_| filler(&mut rng)).collect();
            let special = match p {
                0 => format!(
                    "{person}, {role} of {org}, said the company would invest {amount} in {place}."
                ),
                2 => format!(
                    "\"We expect {} {} to continue,\" {surname} said.",
                    rng.pick(vocabulary()),
                    rng.pick(vocabulary())
                ),
                4 => format!(
                    "{other_org} said about {}% of its {} came from {place}.",
                    1 + rng.below(60),
                    rng.pick(vocabulary())
                ),
                6 if i.is_multiple_of(8) => rng.pick(JAPANESE).to_owned(),
                _ => filler(&mut rng),
            };
            let at = rng.below(sentences.len() + 1);
            sentences.insert(at, special);
            sentences.join(" ")
        })
        .collect();
    let tag_count = 2 + rng.below(3);
    let mut tags: Vec<&str> = Vec::new();
    while tags.len() < tag_count {
        let tag = rng.pick(TAGS);
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    serde_json::json!({
        "id": format!("story-{i:06}"),
        "title": format!("{org} to invest in {place} as {} {}", rng.pick(vocabulary()), rng.pick(vocabulary())),
        "source": "Wire",
        "published": format!("2024-{:02}-{:02}T{:02}:00:00Z", 1 + i % 12, 1 + i % 28, i % 24),
        "tags": tags,
        "body": body,
        "facts": [{"label": "Investment", "value": amount}],
    })
    .to_string()
}

/// The file name of article number `i`.
pub fn file_name(i: usize) -> String {
    format!("story-{i:06}.json")
}

/// Text with XML's five special characters escaped.
#[allow(dead_code)] // Only the examples write RSS; the benchmarks do not.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Article number `i` as an RSS 2.0 `<item>`: the same title, date, tags
/// and paragraphs as [`article_json`], for timing other readers on the same
/// copy.
#[allow(dead_code)] // Only the examples write RSS; the benchmarks do not.
pub fn rss_item(i: usize) -> String {
    let article: serde_json::Value =
        serde_json::from_str(&article_json(i)).expect("the generator writes JSON");
    let field = |name: &str| xml_escape(article[name].as_str().unwrap_or_default());
    let day = 1 + i % 28;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][i % 12];
    let mut item = format!(
        "<item><title>{}</title><link>https://example.com/{id}</link>\
         <guid isPermaLink=\"false\">{id}</guid>\
         <pubDate>{day:02} {month} 2024 {:02}:00:00 +0000</pubDate><author>{}</author>",
        field("title"),
        i % 24,
        field("source"),
        id = field("id"),
    );
    for tag in article["tags"].as_array().into_iter().flatten() {
        item.push_str("<category>");
        item.push_str(&xml_escape(tag.as_str().unwrap_or_default()));
        item.push_str("</category>");
    }
    let mut body = String::new();
    for paragraph in article["body"].as_array().into_iter().flatten() {
        body.push_str("<p>");
        body.push_str(&xml_escape(paragraph.as_str().unwrap_or_default()));
        body.push_str("</p>");
    }
    item.push_str("<description>");
    item.push_str(&xml_escape(&body));
    item.push_str("</description></item>\n");
    item
}

/// Writes articles `0..count` as one RSS 2.0 feed.
#[allow(dead_code)] // Only the examples write RSS; the benchmarks do not.
pub fn write_rss(out: &mut impl std::io::Write, count: usize) -> std::io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<rss version=\"2.0\"><channel>")?;
    writeln!(
        out,
        "<title>Wire</title><link>https://example.com/</link>\
         <description>{count} synthetic articles from gogai's corpus generator</description>"
    )?;
    for i in 0..count {
        out.write_all(rss_item(i).as_bytes())?;
    }
    writeln!(out, "</channel></rss>")
}
