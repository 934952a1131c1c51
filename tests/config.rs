//! The config file through the binary: `--print-config`, where the file is
//! looked for, `--config`, the folder's precedence, and problems said on
//! standard error with their place while the command still runs.

use std::path::Path;
use std::process::{Command, Stdio};

use tempfile::TempDir;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// The binary with its own state, data and config folders (the config
/// folder is `home/config/gogai`).
fn gogai(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gogai"));
    cmd.env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("HOME", home)
        .env_remove("GOGAI_DIR")
        .current_dir(home)
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run gogai");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

fn home() -> TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A folder `name` under `home` holding one article.
fn folder(home: &Path, name: &str, id: &str) -> std::path::PathBuf {
    let dir = home.join(name);
    std::fs::create_dir_all(&dir).expect("make a folder");
    let article =
        serde_json::json!({"id": id, "title": format!("The {id} story"), "body": "Text."});
    std::fs::write(dir.join(format!("{id}.json")), article.to_string()).expect("write");
    dir
}

fn write_config(home: &Path, text: &str) -> std::path::PathBuf {
    let dir = home.join("config/gogai");
    std::fs::create_dir_all(&dir).expect("make the config folder");
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write the config");
    path
}

#[test]
fn print_config_prints_a_file_that_reads_back_as_the_defaults() {
    let home = home();
    let out = run(gogai(home.path()).arg("--print-config"));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# gogai's settings"),
        "{}",
        out.stdout
    );
    let (config, problems) = gogai::config::parse(&out.stdout, "printed", home.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config, gogai::config::Config::default());
    // Written where gogai looks, it is read without a word.
    write_config(home.path(), &out.stdout);
    folder(home.path(), "articles", "only");
    let listed = run(gogai(home.path()).arg("--list"));
    assert_eq!(listed.code, Some(0), "{}", listed.stderr);
    assert!(listed.stderr.is_empty(), "{}", listed.stderr);
}

#[test]
fn the_files_folder_comes_after_dir_and_gogai_dir_and_before_articles() {
    let home = home();
    folder(home.path(), "articles", "cwd");
    folder(home.path(), "news", "configured");
    let flagged = folder(home.path(), "flagged", "flag");
    let env = folder(home.path(), "env", "environment");
    // Relative to the config file's folder; "~/" is the home folder.
    write_config(home.path(), "dir = \"~/news\"\n");
    let listed = |cmd: &mut Command| {
        let out = run(cmd.arg("--list"));
        assert_eq!(out.code, Some(0), "{}", out.stderr);
        out.stdout
    };
    assert!(listed(&mut gogai(home.path())).contains("configured"));
    let by_env = listed(gogai(home.path()).env("GOGAI_DIR", &env));
    assert!(by_env.contains("environment"), "{by_env}");
    let by_flag = listed(gogai(home.path()).arg("--dir").arg(&flagged));
    assert!(by_flag.contains("flag"), "{by_flag}");
}

#[test]
fn a_bad_setting_is_said_with_its_place_and_the_command_still_runs() {
    let home = home();
    folder(home.path(), "articles", "still");
    let path = write_config(
        home.path(),
        "[list]\nsort = 5\nbogus = true\n[reader]\nwidth = 90\n",
    );
    let out = run(gogai(home.path()).arg("--list"));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("still"), "{}", out.stdout);
    let shown = path.display();
    assert!(
        out.stderr.contains(&format!(
            "gogai: {shown}:2:8: sort: expected one of \"date\", \"title\", \"source\", \"oldest\", found 5; the default is kept"
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!(
            "{shown}:3:1: unknown setting `bogus` in [list]; ignored"
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn a_config_file_named_and_missing_is_said_and_the_defaults_apply() {
    let home = home();
    folder(home.path(), "articles", "here");
    let out = run(gogai(home.path()).args(["--config", "nowhere.toml", "--list"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("here"));
    assert!(
        out.stderr
            .contains("nowhere.toml: cannot read the config file"),
        "{}",
        out.stderr
    );
}

#[test]
fn settings_in_the_file_are_where_the_reader_starts() {
    use gogai::app::App;
    use gogai::config::Config;
    use gogai::store::library::Library;
    use gogai::store::state::ReadState;
    use gogai::view::Sort;

    let config = Config {
        sort: Some(Sort::Title),
        facts_sidebar: Some(false),
        unread_only: Some(true),
        figure_marks: Some(false),
        width: 60,
        ..Config::default()
    };
    let app = App::with_config(Library::bundled(), ReadState::default(), config);
    assert_eq!(app.sort(), Sort::Title);
    assert!(!app.sidebar());
    assert!(app.filter().unread_only);
    assert!(!app.figures_marked());
    assert_eq!(app.measure(), 60);
    let plain = App::new(Library::bundled(), ReadState::default());
    assert_eq!(plain.sort(), Sort::Date);
    assert!(plain.sidebar() && plain.figures_marked() && !plain.filter().unread_only);
}

/// The reader over the bundled articles with `toml` as its config file,
/// 100×30, no problems in the file.
fn configured_app(toml: &str) -> gogai::app::App {
    use gogai::action::Action;
    let (config, problems) = gogai::config::parse(toml, "config.toml", Path::new("/"));
    assert!(problems.is_empty(), "{problems:?}");
    let mut app = gogai::app::App::with_config(
        gogai::store::library::Library::bundled(),
        gogai::store::state::ReadState::default(),
        config,
    );
    app.update(Action::Resize(100, 30));
    app
}

/// Presses keys the way the event loop does: each event through
/// `App::update`, the keymap in force deciding what it does.
fn press(app: &mut gogai::app::App, keys: &[(ratatui::crossterm::event::KeyCode, bool)]) {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    for &(code, ctrl) in keys {
        let modifiers = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        app.update(gogai::app::Message::Key(KeyEvent::new(code, modifiers)));
    }
}

fn drawn(app: &gogai::app::App) -> Vec<String> {
    let area = app.area();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(area.width, area.height))
            .expect("a test terminal");
    terminal
        .draw(|frame| gogai::ui::render(app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    (0..area.height)
        .map(|y| {
            (0..area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

#[test]
fn keys_bound_in_the_file_act_and_show_in_the_footer_and_help() {
    use ratatui::crossterm::event::KeyCode::{Char, F};
    let mut app = configured_app(
        "[keys.global]\nhelp = [\"?\", \"f1\"]\n[keys.list]\ntoggle_read = \"x\"\ntop = \"g g\"\ndelete = \"none\"\n",
    );
    let footer = drawn(&app).last().cloned().unwrap_or_default();
    assert!(footer.contains("x read"), "{footer}");
    let first = app.current().expect("an article");
    assert!(!app.is_read(first));
    press(&mut app, &[(Char('x'), false)]);
    assert!(app.is_read(first), "x marks read in the list");
    // `m` no longer does in the list.
    press(&mut app, &[(Char('m'), false)]);
    assert!(app.is_read(first));
    // A sequence: the first `g` waits (and says so), the second acts.
    press(&mut app, &[(Char('G'), false), (Char('g'), false)]);
    assert_ne!(app.selected(), 0);
    assert_eq!(app.status(), Some("g…"));
    press(&mut app, &[(Char('g'), false)]);
    assert_eq!(app.selected(), 0);
    // Unbound: `d` deletes nothing.
    let before = app.list().len();
    press(&mut app, &[(Char('d'), false)]);
    assert_eq!(app.list().len(), before);
    assert_eq!(app.take_effect(), None);
    // F1 opens the help, which lists the keys in force.
    press(&mut app, &[(F(1), false)]);
    let screen = drawn(&app).join("\n");
    assert!(screen.contains("?/F1"), "{screen}");
    assert!(screen.contains("g g"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains(" x ") && l.contains("mark read / unread")),
        "{screen}"
    );
}

#[test]
fn the_newsboat_preset_from_the_file() {
    use ratatui::crossterm::event::KeyCode::Char;
    let mut app = configured_app("keys = \"newsboat\"\n");
    let first = app.current().expect("an article");
    press(&mut app, &[(Char('N'), false)]);
    assert!(app.is_read(first), "N toggles read as in newsboat");
    press(&mut app, &[(Char('Q'), false)]);
    assert!(app.should_quit());
}

#[test]
fn a_key_bound_twice_in_one_table_is_a_conflict_with_its_place() {
    let (config, problems) = gogai::config::parse(
        "[keys.list]\nnext_unread = \"n\"\nprev_unread = [\"p\", \"n\"]\nopen = \"ctrl-q x\"\nzen = \"hyper-z\"\n",
        "config.toml",
        Path::new("/"),
    );
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        [
            "config.toml:3:21: `n` is bound to both next_unread (line 2) and prev_unread in [keys.list]; next_unread keeps it",
            "config.toml:5:7: zen: `hyper-z` is not a key (a character, ctrl-x, enter, esc, tab, space, backspace, up, down, left, right, home, end, pageup, pagedown, f1–f12); the action keeps its keys",
        ]
    );
    // `p` still went to prev_unread; `n` stayed with next_unread.
    let n =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('p'));
    assert_eq!(
        config.keys.resolve(&[], &n, gogai::keymap::Context::List),
        gogai::keymap::Resolved::Action(gogai::action::Action::PrevUnread)
    );
}

#[test]
fn the_unread_filter_is_remembered_like_the_sort_unless_the_file_sets_it() {
    use gogai::action::Action;
    use gogai::app::App;
    use gogai::config::Config;
    use gogai::store::library::Library;
    use gogai::store::state::ReadState;

    let mut app = App::new(Library::bundled(), ReadState::default());
    app.update(Action::UnreadOnly);
    assert!(app.filter().unread_only);
    let mut read = ReadState::default();
    read.set_session(app.session());
    let again = App::new(Library::bundled(), read.clone());
    assert!(again.filter().unread_only, "remembered");
    // A setting in the file wins over what was remembered.
    let config = Config {
        unread_only: Some(false),
        ..Config::default()
    };
    let set = App::with_config(Library::bundled(), read, config);
    assert!(!set.filter().unread_only);
}

/// Every action the built-in keymap binds can be bound by name in the
/// config file too (a new action added to the table without a name could
/// never be remapped).
#[test]
fn every_bound_action_has_a_name_for_the_config_file() {
    let unnamed: Vec<String> = gogai::keymap::KEYMAP
        .iter()
        .filter(|b| b.action.name().is_none())
        .map(|b| format!("{:?}", b.action))
        .collect();
    // Typing and picking by number are not actions a user binds.
    let unnamed: Vec<&String> = unnamed
        .iter()
        .filter(|a| !a.starts_with("Insert") && !a.starts_with("Digit"))
        .collect();
    assert!(
        unnamed.is_empty(),
        "actions without a config name: {unnamed:?}"
    );
}

/// `[list] layout` chooses one line per article or two at start; a value
/// it does not know is said with its place and the default is kept.
#[test]
fn the_list_layout_from_the_file() {
    let app = configured_app("[list]\nlayout = \"one-line\"\n");
    assert_eq!(app.list_item_height(), 1);
    let app = configured_app("[list]\nlayout = \"two-line\"\n");
    assert_eq!(app.list_item_height(), 2);
    let (config, problems) = gogai::config::parse(
        "[list]\nlayout = \"dense\"\n",
        "config.toml",
        Path::new("/"),
    );
    assert_eq!(config.one_line, None);
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        said.iter()
            .any(|p| p.contains("config.toml:2:") && p.contains("one-line")),
        "{said:?}"
    );
}
