//! Which program opens a link, and whether it needs the terminal.
//!
//! A text browser (w3m, lynx …) runs in gogai's terminal: gogai hands the
//! terminal over and waits for it. A graphical browser, or the system's
//! opener, runs beside gogai with no terminal at all. The choice is a pure
//! function of the environment and of which files exist, so it is tested
//! without touching either.

use std::path::{Path, PathBuf};

/// Browsers that draw in the terminal, by program name.
pub const TEXT_BROWSERS: &[&str] = &["w3m", "lynx", "links", "links2", "elinks", "browsh"];

/// Tried, in order, when `$BROWSER` is unset and there is no display.
const TEXT_SEARCH: &[&str] = &["w3m", "lynx", "elinks", "links"];

/// What to say when nothing can open a link.
pub const NO_BROWSER: &str =
    "no browser found: set $BROWSER (for example BROWSER=w3m or BROWSER=firefox)";

/// How a link gets opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Browser {
    /// Draws in the terminal: gogai gives it the terminal and waits.
    Text(Launch),
    /// Opens a window of its own: started apart, never waited for.
    Graphical(Launch),
    /// Nothing to open links with; why, in words for the footer.
    Missing(String),
}

/// A program and the words before the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: PathBuf,
    /// The arguments; one holding `%s` gets the link there, else the link
    /// comes last.
    pub args: Vec<String>,
}

impl Launch {
    /// The arguments with `url` in its place. The link is one argument
    /// of its own (or put inside one), never seen by a shell.
    pub fn args_for(&self, url: &str) -> Vec<String> {
        let mut args = self.args.clone();
        if args.iter().any(|a| a.contains("%s")) {
            for a in &mut args {
                *a = a.replace("%s", url);
            }
        } else {
            args.push(url.to_owned());
        }
        args
    }

    /// The program's name, for messages.
    pub fn name(&self) -> String {
        self.program.file_name().map_or_else(
            || self.program.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}

/// Chooses the browser. `env` reads an environment variable, `exists`
/// says whether a file is there (an executable, in practice), and `macos`
/// is whether the system opener is `open`.
///
/// `$BROWSER` is a `:`-separated list of commands, the first found wins; a
/// command may hold `%s` for the link. It is a text browser when its
/// program is one of [`TEXT_BROWSERS`], else graphical. With `$BROWSER`
/// unset: the system opener when there is a display (or on macOS), else
/// the first text browser found on `$PATH`.
pub fn choose(
    env: impl Fn(&str) -> Option<String>,
    exists: impl Fn(&Path) -> bool,
    macos: bool,
) -> Browser {
    let path = env("PATH").unwrap_or_default();
    let find = |program: &str| -> Option<PathBuf> {
        if program.contains('/') {
            let p = PathBuf::from(program);
            return exists(&p).then_some(p);
        }
        path.split(':')
            .filter(|dir| !dir.is_empty())
            .map(|dir| Path::new(dir).join(program))
            .find(|p| exists(p))
    };
    if let Some(list) = env("BROWSER").filter(|b| !b.trim().is_empty()) {
        for command in list.split(':').map(str::trim).filter(|c| !c.is_empty()) {
            let mut words = command.split_whitespace();
            let Some(program) = words.next() else {
                continue;
            };
            let Some(found) = find(program) else {
                continue;
            };
            let launch = Launch {
                program: found,
                args: words.map(str::to_owned).collect(),
            };
            return if is_text_browser(program) {
                Browser::Text(launch)
            } else {
                Browser::Graphical(launch)
            };
        }
        return Browser::Missing(format!(
            "$BROWSER ({}) names no program found on $PATH: set it to a browser that is installed",
            crate::text::truncate(&list, 40)
        ));
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| env(v).is_some_and(|d| !d.is_empty()));
    let opener = if macos { "open" } else { "xdg-open" };
    if (macos || display)
        && let Some(found) = find(opener)
    {
        return Browser::Graphical(Launch {
            program: found,
            args: Vec::new(),
        });
    }
    TEXT_SEARCH.iter().find_map(|name| find(name)).map_or_else(
        || Browser::Missing(NO_BROWSER.to_owned()),
        |program| {
            Browser::Text(Launch {
                program,
                args: Vec::new(),
            })
        },
    )
}

/// Whether `program` (a name or a path) is a browser that draws in the
/// terminal.
pub fn is_text_browser(program: &str) -> bool {
    let name = Path::new(program)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    TEXT_BROWSERS.contains(&name.as_str())
}

/// Whether a link may be opened at all: web and mail links only, since an
/// article's text is not trusted to name local files or programs.
pub fn is_openable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    use super::{Browser, Launch, NO_BROWSER, choose, is_openable};

    /// `choose` over a made-up environment and file system.
    fn pick(vars: &[(&str, &str)], files: &[&str], macos: bool) -> Browser {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        choose(
            |name| vars.get(name).cloned(),
            |p: &Path| files.iter().any(|f| f == p),
            macos,
        )
    }

    fn launch(program: &str, args: &[&str]) -> Launch {
        Launch {
            program: PathBuf::from(program),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
        }
    }

    #[test]
    fn a_text_browser_in_browser_gets_the_terminal() {
        let got = pick(
            &[("BROWSER", "w3m"), ("PATH", "/bin:/usr/bin")],
            &["/usr/bin/w3m"],
            false,
        );
        assert_eq!(got, Browser::Text(launch("/usr/bin/w3m", &[])));
        // By path too, with arguments.
        let got = pick(
            &[("BROWSER", "/opt/lynx -accept_all_cookies"), ("PATH", "")],
            &["/opt/lynx"],
            false,
        );
        assert_eq!(
            got,
            Browser::Text(launch("/opt/lynx", &["-accept_all_cookies"]))
        );
    }

    #[test]
    fn any_other_browser_is_graphical_and_the_first_found_wins() {
        let got = pick(
            &[
                ("BROWSER", "nowhere:firefox --new-tab %s:w3m"),
                ("PATH", "/usr/bin"),
            ],
            &["/usr/bin/firefox", "/usr/bin/w3m"],
            false,
        );
        let firefox = launch("/usr/bin/firefox", &["--new-tab", "%s"]);
        assert_eq!(got, Browser::Graphical(firefox.clone()));
        assert_eq!(
            firefox.args_for("https://a.example/?q=1;rm -rf"),
            ["--new-tab", "https://a.example/?q=1;rm -rf"],
            "the link is one argument, as it is"
        );
        assert_eq!(
            launch("/usr/bin/w3m", &[]).args_for("https://a.example/"),
            ["https://a.example/"]
        );
    }

    #[test]
    fn without_browser_a_display_means_the_system_opener() {
        let files = ["/usr/bin/xdg-open", "/usr/bin/w3m", "/usr/bin/open"];
        let got = pick(&[("PATH", "/usr/bin"), ("DISPLAY", ":0")], &files, false);
        assert_eq!(got, Browser::Graphical(launch("/usr/bin/xdg-open", &[])));
        let got = pick(
            &[("PATH", "/usr/bin"), ("WAYLAND_DISPLAY", "wayland-0")],
            &files,
            false,
        );
        assert_eq!(got, Browser::Graphical(launch("/usr/bin/xdg-open", &[])));
        let got = pick(&[("PATH", "/usr/bin")], &files, true);
        assert_eq!(got, Browser::Graphical(launch("/usr/bin/open", &[])));
    }

    #[test]
    fn without_a_display_a_text_browser_on_path_is_used() {
        // Over ssh: xdg-open is installed but has no window to open.
        let got = pick(
            &[("PATH", "/usr/bin:/usr/local/bin")],
            &["/usr/bin/xdg-open", "/usr/local/bin/lynx"],
            false,
        );
        assert_eq!(got, Browser::Text(launch("/usr/local/bin/lynx", &[])));
    }

    #[test]
    fn with_nothing_found_the_message_says_what_to_set() {
        let got = pick(&[("PATH", "/usr/bin")], &["/usr/bin/xdg-open"], false);
        assert_eq!(got, Browser::Missing(NO_BROWSER.to_owned()));
        assert!(NO_BROWSER.contains("$BROWSER"));
        let got = pick(&[("PATH", "/usr/bin"), ("BROWSER", "netsurf")], &[], false);
        let Browser::Missing(why) = got else {
            panic!("{got:?}")
        };
        assert!(why.contains("$BROWSER (netsurf)"), "{why}");
    }

    #[test]
    fn only_web_and_mail_links_are_opened() {
        assert!(is_openable("https://example.com/"));
        assert!(is_openable("HTTP://example.com/"));
        assert!(is_openable("mailto:a@example.com"));
        assert!(!is_openable("file:///etc/passwd"));
        assert!(!is_openable("javascript:alert(1)"));
        assert!(!is_openable("-e ls"));
    }
}
