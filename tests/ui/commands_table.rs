//! The command table's own rules: which commands work without a project, one row per
//! command, no shortcut bound twice, more specific shortcuts tested first, toggles.

use weft::ui::commands::*;

#[test]
fn only_opening_a_project_and_the_look_work_without_one() {
    let free: Vec<Command> = TABLE
        .iter()
        .filter(|r| r.needs == Needs::Nothing)
        .map(|r| r.command)
        .collect();
    assert_eq!(
        free,
        [
            Command::NewProject,
            Command::OpenProject,
            Command::Annotator,
            Command::ToggleTheme,
            Command::BuiltinFileChooser,
            Command::TextSettings,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ZoomReset,
            Command::Help
        ]
    );
    assert!(!available(Command::Save, false));
    assert!(available(Command::Save, true));
    assert!(available(Command::Help, false));
}

#[test]
fn every_command_has_exactly_one_row() {
    for row in TABLE {
        assert_eq!(
            TABLE.iter().filter(|r| r.command == row.command).count(),
            1,
            "{:?}",
            row.command
        );
    }
}

#[test]
fn no_shortcut_is_bound_twice() {
    let all = shortcut_order();
    for (i, (a, ca, _)) in all.iter().enumerate() {
        for (b, cb, _) in &all[i + 1..] {
            assert!(a != b, "{ca:?} and {cb:?} share {}", format_shortcut(a));
        }
    }
}

#[test]
fn more_specific_shortcuts_are_tested_first() {
    let order = shortcut_order();
    let pos = |c: Command| order.iter().position(|(_, x, _)| *x == c).unwrap();
    assert!(pos(Command::PrevMention) < pos(Command::NextMention));
    assert!(pos(Command::Redo) < pos(Command::Undo));
    assert_eq!(shortcut_text(Command::Redo), "Ctrl+Shift+Z / Ctrl+Y");
}

#[test]
fn toggles_are_commands_of_the_view_and_help_menus() {
    for c in TOGGLES {
        assert!(is_toggle(*c));
        assert!(matches!(info(*c).menu, Menu::View | Menu::Help), "{c:?}");
    }
    assert!(!is_toggle(Command::Save));
    assert_eq!(info(Command::ToggleTheme).label, "Dark theme");
}
