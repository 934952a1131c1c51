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
            "gogai: {shown}:2:8: sort: expected one of \"date\", \"title\", \"source\", found 5; the default is kept"
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
