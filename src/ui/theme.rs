//! Named styles, so panes agree and a palette change is one edit; the
//! themes (dark, light, mono, and the config file's) are built from them.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Yellow;

pub const HEADER: Style = Style::new().fg(Color::Black).bg(ACCENT);
pub const HEADER_WARN: Style = Style::new()
    .fg(Color::Red)
    .bg(ACCENT)
    .add_modifier(Modifier::BOLD);
pub const FOOTER: Style = Style::new().fg(Color::Gray);
pub const FOOTER_KEY: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);

pub const BORDER: Style = Style::new().fg(Color::DarkGray);
pub const BORDER_FOCUSED: Style = Style::new().fg(ACCENT);
pub const PANE_TITLE: Style = Style::new().add_modifier(Modifier::BOLD);

pub const UNREAD_MARK: Style = Style::new().fg(ACCENT);
pub const UNREAD: Style = Style::new().add_modifier(Modifier::BOLD);
pub const READ: Style = Style::new().fg(Color::Gray);
pub const META: Style = Style::new().fg(Color::DarkGray);
pub const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
/// Light text on the grey, so the dimmed second line stays readable
/// (dark grey on dark grey was invisible).
pub const SELECTED_UNFOCUSED: Style = Style::new().fg(Color::White).bg(Color::DarkGray);

pub const TITLE: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);
pub const SUBTITLE: Style = Style::new().add_modifier(Modifier::ITALIC);
pub const BYLINE: Style = Style::new().fg(Color::Gray);
pub const TAGS: Style = Style::new().fg(Color::Cyan);
pub const BODY: Style = Style::new();
/// Preformatted text (code, tables), set apart from the prose.
pub const CODE: Style = Style::new().fg(Color::Green);
/// The continuation mark of a folded code line, and indents.
pub const FOLD_MARK: Style = Style::new().fg(Color::DarkGray);
/// The list of links after the text.
pub const LINKS: Style = Style::new().fg(Color::Gray);
/// A media file in the article's heading.
pub const ENCLOSURE: Style = Style::new().fg(Color::Cyan);
/// The sentence a fact came from, after Enter in the sidebar.
pub const HIGHLIGHT: Style = Style::new().fg(Color::Black).bg(ACCENT);
/// Figures found in the text.
pub const FIGURE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);

pub const FACT_HEADING: Style = Style::new().fg(ACCENT).add_modifier(Modifier::BOLD);
pub const FACT_LABEL: Style = Style::new().fg(Color::Gray);
pub const FACT_VALUE: Style = Style::new().add_modifier(Modifier::BOLD);

pub const OVERLAY_BORDER: Style = Style::new().fg(ACCENT);
pub const ERROR: Style = Style::new().fg(Color::Red);
pub const WARNING: Style = Style::new().fg(Color::Yellow);

/// A search match in the list and the reading pane.
pub const MATCH: Style = Style::new().fg(Color::Black).bg(Color::Cyan);
/// The match `n`/`N` went to.
pub const MATCH_CURRENT: Style = Style::new()
    .fg(Color::Black)
    .bg(ACCENT)
    .add_modifier(Modifier::BOLD);
pub const STAR: Style = Style::new().fg(ACCENT);
pub const PROMPT: Style = Style::new().add_modifier(Modifier::BOLD);
pub const STATUS: Style = Style::new().fg(ACCENT);

/// Every style the renderer uses, by what it is for. [`Theme::DARK`] is
/// the constants above; `light` and `mono` are built beside it, and the
/// config file's roles are applied over any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub header: Style,
    pub header_warn: Style,
    pub footer: Style,
    pub footer_key: Style,
    pub border: Style,
    pub border_focused: Style,
    pub pane_title: Style,
    pub unread_mark: Style,
    pub unread: Style,
    pub read: Style,
    pub meta: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub title: Style,
    pub subtitle: Style,
    pub byline: Style,
    pub tags: Style,
    pub body: Style,
    pub code: Style,
    pub fold_mark: Style,
    pub links: Style,
    pub enclosure: Style,
    pub highlight: Style,
    pub figure: Style,
    pub fact_heading: Style,
    pub fact_label: Style,
    pub fact_value: Style,
    pub overlay_border: Style,
    pub error: Style,
    pub warning: Style,
    pub search_match: Style,
    pub match_current: Style,
    pub star: Style,
    pub prompt: Style,
    pub status: Style,
}

/// The built-in themes by name.
pub const BASES: &[&str] = &["dark", "light", "mono"];

/// The roles the config file may colour, each with what it colours.
pub const ROLES: &[(&str, &str)] = &[
    (
        "accent",
        "header, focused border, titles, unread mark, stars, the current match",
    ),
    ("selection", "the selected row when its pane has focus"),
    (
        "selection_unfocused",
        "the selected row when another pane has focus",
    ),
    ("unread", "unread titles"),
    ("read", "read titles"),
    ("metadata", "sources, dates, bylines, labels, the footer"),
    ("highlight", "the sentence a fact came from"),
    ("search_match", "search matches"),
    ("figure", "figures marked in the text"),
    ("warning", "warnings"),
    ("error", "errors"),
    ("border", "pane borders"),
    ("tags", "tags and enclosures"),
    ("code", "preformatted text"),
];

impl Theme {
    /// gogai's own look, for a dark terminal.
    pub const DARK: Self = Self {
        header: HEADER,
        header_warn: HEADER_WARN,
        footer: FOOTER,
        footer_key: FOOTER_KEY,
        border: BORDER,
        border_focused: BORDER_FOCUSED,
        pane_title: PANE_TITLE,
        unread_mark: UNREAD_MARK,
        unread: UNREAD,
        read: READ,
        meta: META,
        selected: SELECTED,
        selected_unfocused: SELECTED_UNFOCUSED,
        title: TITLE,
        subtitle: SUBTITLE,
        byline: BYLINE,
        tags: TAGS,
        body: BODY,
        code: CODE,
        fold_mark: FOLD_MARK,
        links: LINKS,
        enclosure: ENCLOSURE,
        highlight: HIGHLIGHT,
        figure: FIGURE,
        fact_heading: FACT_HEADING,
        fact_label: FACT_LABEL,
        fact_value: FACT_VALUE,
        overlay_border: OVERLAY_BORDER,
        error: ERROR,
        warning: WARNING,
        search_match: MATCH,
        match_current: MATCH_CURRENT,
        star: STAR,
        prompt: PROMPT,
        status: STATUS,
    };

    /// For a light terminal: dark text, a blue accent, and read titles
    /// and metadata in a grey that stays readable on white.
    pub fn light() -> Self {
        let mut t = Self::DARK;
        t.accent(Color::Blue);
        t.header = Style::new().fg(Color::White).bg(Color::Blue);
        t.header_warn = Style::new()
            .fg(Color::LightRed)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD);
        t.highlight = Style::new().fg(Color::Black).bg(Color::LightYellow);
        t.match_current = Style::new()
            .fg(Color::White)
            .bg(Color::Blue)
            .add_modifier(Modifier::BOLD);
        t.search_match = Style::new().fg(Color::Black).bg(Color::LightCyan);
        for style in [
            &mut t.read,
            &mut t.meta,
            &mut t.footer,
            &mut t.byline,
            &mut t.links,
            &mut t.fact_label,
            &mut t.fold_mark,
            &mut t.border,
        ] {
            *style = style.fg(Color::DarkGray);
        }
        t.selected_unfocused = Style::new().fg(Color::Black).bg(Color::Gray);
        t.tags = t.tags.fg(Color::Magenta);
        t.enclosure = t.enclosure.fg(Color::Magenta);
        t.figure = t.figure.fg(Color::Magenta);
        t.code = t.code.fg(Color::Green);
        t.warning = t.warning.fg(Color::Red);
        t
    }

    /// No colour at all: bold, reverse, underline and dim only.
    pub fn mono() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let underlined = Style::new().add_modifier(Modifier::UNDERLINED);
        Self {
            header: reversed,
            header_warn: reversed.add_modifier(Modifier::BOLD),
            footer: plain,
            footer_key: bold,
            border: dim,
            border_focused: bold,
            pane_title: bold,
            unread_mark: bold,
            unread: bold,
            read: plain,
            meta: dim,
            selected: reversed,
            selected_unfocused: underlined,
            title: bold,
            subtitle: Style::new().add_modifier(Modifier::ITALIC),
            byline: dim,
            tags: plain,
            body: plain,
            code: plain,
            fold_mark: dim,
            links: dim,
            enclosure: plain,
            highlight: reversed,
            figure: underlined,
            fact_heading: bold,
            fact_label: dim,
            fact_value: bold,
            overlay_border: bold,
            error: bold,
            warning: bold,
            search_match: underlined.add_modifier(Modifier::BOLD),
            match_current: reversed.add_modifier(Modifier::BOLD),
            star: bold,
            prompt: bold,
            status: bold,
        }
    }

    /// The built-in theme called `name`.
    pub fn named(name: &str) -> Option<Self> {
        match name {
            "dark" => Some(Self::DARK),
            "light" => Some(Self::light()),
            "mono" => Some(Self::mono()),
            _ => None,
        }
    }

    fn accent(&mut self, c: Color) {
        for style in [
            &mut self.footer_key,
            &mut self.border_focused,
            &mut self.unread_mark,
            &mut self.title,
            &mut self.fact_heading,
            &mut self.overlay_border,
            &mut self.star,
            &mut self.status,
        ] {
            *style = style.fg(c);
        }
        self.header = self.header.bg(c);
        self.header_warn = self.header_warn.bg(c);
        self.match_current = self.match_current.bg(c);
        self.highlight = self.highlight.bg(c);
    }

    /// Colours role `role` (one of [`ROLES`]) `c`; false for no such role.
    pub fn set_role(&mut self, role: &str, c: Color) -> bool {
        match role {
            "accent" => self.accent(c),
            // A colour of its own for the selection, in place of reverse.
            "selection" => self.selected = Style::new().bg(c),
            "selection_unfocused" => self.selected_unfocused = self.selected_unfocused.bg(c),
            "unread" => self.unread = self.unread.fg(c),
            "read" => self.read = self.read.fg(c),
            "metadata" => {
                for style in [
                    &mut self.meta,
                    &mut self.footer,
                    &mut self.byline,
                    &mut self.links,
                    &mut self.fact_label,
                    &mut self.fold_mark,
                ] {
                    *style = style.fg(c);
                }
            }
            "highlight" => self.highlight = self.highlight.bg(c),
            "search_match" => self.search_match = self.search_match.bg(c),
            "figure" => self.figure = self.figure.fg(c),
            "warning" => {
                self.warning = self.warning.fg(c);
                self.header_warn = self.header_warn.fg(c);
            }
            "error" => self.error = self.error.fg(c),
            "border" => self.border = self.border.fg(c),
            "tags" => {
                self.tags = self.tags.fg(c);
                self.enclosure = self.enclosure.fg(c);
            }
            "code" => self.code = self.code.fg(c),
            _ => return false,
        }
        true
    }

    fn styles_mut(&mut self) -> [&mut Style; 35] {
        [
            &mut self.header,
            &mut self.header_warn,
            &mut self.footer,
            &mut self.footer_key,
            &mut self.border,
            &mut self.border_focused,
            &mut self.pane_title,
            &mut self.unread_mark,
            &mut self.unread,
            &mut self.read,
            &mut self.meta,
            &mut self.selected,
            &mut self.selected_unfocused,
            &mut self.title,
            &mut self.subtitle,
            &mut self.byline,
            &mut self.tags,
            &mut self.body,
            &mut self.code,
            &mut self.fold_mark,
            &mut self.links,
            &mut self.enclosure,
            &mut self.highlight,
            &mut self.figure,
            &mut self.fact_heading,
            &mut self.fact_label,
            &mut self.fact_value,
            &mut self.overlay_border,
            &mut self.error,
            &mut self.warning,
            &mut self.search_match,
            &mut self.match_current,
            &mut self.star,
            &mut self.prompt,
            &mut self.status,
        ]
    }

    /// The theme as this terminal can show it: none of its colours when
    /// `$NO_COLOR` is set (not empty), else its colours brought down to
    /// the palette `$COLORTERM` and `$TERM` say the terminal has.
    #[must_use]
    pub fn for_terminal(mut self, env: impl Fn(&str) -> Option<String>) -> Self {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Self::mono();
        }
        let depth = Depth::detect(&env);
        for style in self.styles_mut() {
            style.fg = style.fg.map(|c| depth.fit(c));
            style.bg = style.bg.map(|c| depth.fit(c));
        }
        self
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::DARK
    }
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Sixteen,
    Indexed,
    TrueColor,
}

/// The 16 ANSI colours as xterm draws them, for finding the nearest.
const ANSI: [(Color, (u8, u8, u8)); 16] = [
    (Color::Black, (0, 0, 0)),
    (Color::Red, (205, 0, 0)),
    (Color::Green, (0, 205, 0)),
    (Color::Yellow, (205, 205, 0)),
    (Color::Blue, (0, 0, 238)),
    (Color::Magenta, (205, 0, 205)),
    (Color::Cyan, (0, 205, 205)),
    (Color::Gray, (229, 229, 229)),
    (Color::DarkGray, (127, 127, 127)),
    (Color::LightRed, (255, 0, 0)),
    (Color::LightGreen, (0, 255, 0)),
    (Color::LightYellow, (255, 255, 0)),
    (Color::LightBlue, (92, 92, 255)),
    (Color::LightMagenta, (255, 0, 255)),
    (Color::LightCyan, (0, 255, 255)),
    (Color::White, (255, 255, 255)),
];

/// The six levels of each channel in xterm's 6×6×6 colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| u32::from(x.abs_diff(y)).pow(2);
    d(a.0, b.0) + d(a.1, b.1) + d(a.2, b.2)
}

/// The RGB of a 256-colour index.
fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    match i {
        0..=15 => ANSI[usize::from(i)].1,
        16..=231 => {
            let n = i - 16;
            (
                CUBE[usize::from(n / 36)],
                CUBE[usize::from(n / 6 % 6)],
                CUBE[usize::from(n % 6)],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

impl Depth {
    /// True colour when `$COLORTERM` says `truecolor` or `24bit`; 256
    /// when `$TERM` ends in `256color`; else 16.
    pub fn detect(env: &impl Fn(&str) -> Option<String>) -> Self {
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            Self::TrueColor
        } else if env("TERM").is_some_and(|t| t.contains("256color")) {
            Self::Indexed
        } else {
            Self::Sixteen
        }
    }

    /// `c` as this terminal can show it: the nearest colour it has.
    pub fn fit(self, c: Color) -> Color {
        match (self, c) {
            (Self::Indexed, Color::Rgb(r, g, b)) => Color::Indexed(nearest_indexed((r, g, b))),
            (Self::Sixteen, Color::Rgb(r, g, b)) => nearest_ansi((r, g, b)),
            (Self::Sixteen, Color::Indexed(i)) => nearest_ansi(indexed_rgb(i)),
            // True colour, and the named colours every terminal has.
            (_, c) => c,
        }
    }
}

fn nearest_ansi(rgb: (u8, u8, u8)) -> Color {
    ANSI.iter()
        .min_by_key(|(_, v)| distance(*v, rgb))
        .map_or(Color::Reset, |(c, _)| *c)
}

/// The nearest of the cube and the grey ramp (16–255; the first 16 vary
/// between terminals, so they are not aimed at).
fn nearest_indexed(rgb: (u8, u8, u8)) -> u8 {
    (16..=255u8)
        .min_by_key(|&i| distance(indexed_rgb(i), rgb))
        .unwrap_or(16)
}

/// A colour as the config file writes it: a name (`yellow`,
/// `darkgray`, `light-blue` …), `#rrggbb`, or a number 0–255.
pub fn parse_color(text: &str) -> Option<Color> {
    let t = text.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(channel(0)?, channel(2)?, channel(4)?));
    }
    if let Ok(n) = t.parse::<u8>() {
        return Some(Color::Indexed(n));
    }
    let name: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match name.as_str() {
        "default" | "reset" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" | "grey" => Color::Gray,
        "darkgray" | "darkgrey" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use ratatui::style::Color;

    use super::{Depth, Theme, parse_color};

    #[test]
    fn colours_are_written_as_names_hex_or_numbers() {
        assert_eq!(parse_color("dark-gray"), Some(Color::DarkGray));
        assert_eq!(parse_color("#ff8000"), Some(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_color("208"), Some(Color::Indexed(208)));
        assert_eq!(parse_color("#ff80"), None);
        assert_eq!(parse_color("mauve"), None);
    }

    #[test]
    fn true_colour_is_brought_down_to_what_the_terminal_has() {
        let orange = Color::Rgb(255, 135, 0);
        assert_eq!(Depth::TrueColor.fit(orange), orange);
        assert_eq!(Depth::Indexed.fit(orange), Color::Indexed(208));
        assert_eq!(Depth::Sixteen.fit(orange), Color::Yellow);
        assert_eq!(Depth::Sixteen.fit(Color::Indexed(196)), Color::LightRed);
        assert_eq!(Depth::Sixteen.fit(Color::Yellow), Color::Yellow);
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Depth::detect(&env(&[("COLORTERM", "truecolor")])),
            Depth::TrueColor
        );
        assert_eq!(
            Depth::detect(&env(&[("TERM", "xterm-256color")])),
            Depth::Indexed
        );
        assert_eq!(Depth::detect(&env(&[("TERM", "linux")])), Depth::Sixteen);
    }

    #[test]
    fn no_color_means_no_colour_at_all() {
        let mut theme = Theme::light();
        theme.set_role("accent", Color::Rgb(1, 2, 3));
        let shown = theme.for_terminal(|name| (name == "NO_COLOR").then(|| "1".to_owned()));
        assert_eq!(shown, Theme::mono());
        let mut mono = Theme::mono();
        for style in mono.styles_mut() {
            assert_eq!((style.fg, style.bg), (None, None));
        }
        // Empty is as unset.
        let dark = Theme::DARK.for_terminal(|name| {
            (name == "NO_COLOR")
                .then(String::new)
                .or_else(|| (name == "COLORTERM").then(|| "truecolor".to_owned()))
        });
        assert_eq!(dark, Theme::DARK);
    }
}
