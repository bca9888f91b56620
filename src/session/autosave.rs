//! When to save without being asked: a pure function of times and revisions, so it is tested
//! with made-up times and no clock.
//!
//! The rule: a project with unsaved changes is saved [`DELAY_SECS`] after its last change.
//! After a save fails, nothing is retried until the revision changes (a new edit, an undo):
//! retrying the same content every frame would only repeat the same error.

/// Seconds of quiet after a change before the project is saved automatically.
pub const DELAY_SECS: f64 = 2.0;

/// Notes when the project last changed, from the session's change counter as seen at each
/// tick (the front end's frame loop). Times are seconds on any monotonic scale the caller
/// chooses (egui's input time in the workbench).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ChangeClock {
    seen_generation: u64,
    changed_at_secs: Option<f64>,
}

impl ChangeClock {
    /// Records `now_secs` as the time of the last change if `generation` moved since the last
    /// call.
    pub fn observe(&mut self, generation: u64, now_secs: f64) {
        if generation != self.seen_generation {
            self.seen_generation = generation;
            self.changed_at_secs = Some(now_secs);
        }
    }

    /// When the last observed change happened (`None`: none since the session began).
    pub fn changed_at_secs(&self) -> Option<f64> {
        self.changed_at_secs
    }
}

/// Everything the decision depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Facts {
    pub now_secs: f64,
    /// When the project last changed (`None`: unknown; counts as "just now").
    pub changed_at_secs: Option<f64>,
    /// The revision the project is at, and the one last saved.
    pub revision: u64,
    pub saved_revision: u64,
    /// The revision at which the last save failed, if it failed.
    pub failed_revision: Option<u64>,
}

/// What to do now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Nothing to save.
    Clean,
    /// The last save failed at this very revision: wait for a change before trying again.
    HeldAfterFailure,
    /// Save when this many more seconds pass without a change.
    Wait { secs: f64 },
    /// Save now.
    Save,
}

/// The autosave decision.
pub fn decide(f: &Facts, delay_secs: f64) -> Decision {
    if f.revision == f.saved_revision {
        return Decision::Clean;
    }
    if f.failed_revision == Some(f.revision) {
        return Decision::HeldAfterFailure;
    }
    let since = f.now_secs - f.changed_at_secs.unwrap_or(f.now_secs);
    if since >= delay_secs {
        Decision::Save
    } else {
        Decision::Wait {
            secs: delay_secs - since,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(now: f64, changed: Option<f64>, rev: u64, saved: u64, failed: Option<u64>) -> Facts {
        Facts {
            now_secs: now,
            changed_at_secs: changed,
            revision: rev,
            saved_revision: saved,
            failed_revision: failed,
        }
    }

    #[test]
    fn a_saved_project_is_never_due() {
        assert_eq!(
            decide(&facts(100.0, Some(1.0), 3, 3, None), DELAY_SECS),
            Decision::Clean
        );
    }

    #[test]
    fn unsaved_changes_wait_for_the_delay_then_are_due() {
        let wait = decide(&facts(10.5, Some(10.0), 4, 3, None), DELAY_SECS);
        assert_eq!(wait, Decision::Wait { secs: 1.5 });
        assert_eq!(
            decide(&facts(11.99, Some(10.0), 4, 3, None), DELAY_SECS).clamped(),
            Decision::Wait { secs: 0.01 }
        );
        assert_eq!(
            decide(&facts(12.0, Some(10.0), 4, 3, None), DELAY_SECS),
            Decision::Save
        );
        assert_eq!(
            decide(&facts(500.0, Some(10.0), 4, 3, None), DELAY_SECS),
            Decision::Save
        );
    }

    #[test]
    fn an_unknown_change_time_counts_as_now() {
        assert_eq!(
            decide(&facts(50.0, None, 1, 0, None), DELAY_SECS),
            Decision::Wait { secs: DELAY_SECS }
        );
    }

    #[test]
    fn after_a_failed_save_nothing_is_retried_until_the_revision_changes() {
        // Failed at revision 4: however long the wait, no retry at revision 4.
        for now in [12.0, 60.0, 3600.0] {
            assert_eq!(
                decide(&facts(now, Some(10.0), 4, 3, Some(4)), DELAY_SECS),
                Decision::HeldAfterFailure
            );
        }
        // A new edit (revision 5) makes it due again after the delay.
        assert_eq!(
            decide(&facts(3600.5, Some(3600.0), 5, 3, Some(4)), DELAY_SECS),
            Decision::Wait { secs: 1.5 }
        );
        assert_eq!(
            decide(&facts(3602.0, Some(3600.0), 5, 3, Some(4)), DELAY_SECS),
            Decision::Save
        );
        // An undo back to a revision that was never tried is due as well.
        assert_eq!(
            decide(&facts(3700.0, Some(3600.0), 2, 3, Some(4)), DELAY_SECS),
            Decision::Save
        );
    }

    #[test]
    fn the_clock_notes_only_moves_of_the_generation() {
        let mut c = ChangeClock::default();
        c.observe(0, 5.0);
        assert_eq!(c.changed_at_secs(), None, "nothing changed yet");
        c.observe(1, 6.0);
        c.observe(1, 9.0);
        assert_eq!(c.changed_at_secs(), Some(6.0), "the same change seen later");
        c.observe(2, 9.5);
        assert_eq!(c.changed_at_secs(), Some(9.5));
    }

    impl Decision {
        /// Rounds a waiting time to microseconds, for comparisons of computed floats.
        fn clamped(self) -> Self {
            match self {
                Decision::Wait { secs } => Decision::Wait {
                    secs: (secs * 1e6).round() / 1e6,
                },
                d => d,
            }
        }
    }
}
