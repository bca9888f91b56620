//! The curation view's frame at scale: the real workbench, headless, on a project whose two
//! layers disagree about 10,000 times, with View > Curation… open and its list scrolled.

use super::measure::{FrameFigures, HeadlessApp, ms, percentile};
use super::thread_cpu_secs;
use crate::ui::action::Action;
use crate::ui::commands::Command;
use anyhow::{Context, Result, bail};
use std::path::Path;

/// Opens the curation view on `project` and times `frames` frames while its list scrolls;
/// returns the figures and the view's progress line ("0 of 10234 disagreements settled").
pub fn curation_frames(project: &Path, frames: usize) -> Result<(FrameFigures, String)> {
    let size = egui::vec2(1280.0, 800.0);
    let mut h = HeadlessApp::open(project, size);
    if h.app.project().is_none() {
        bail!(
            "the workbench could not open {}: {:?}",
            project.display(),
            h.app.messages()
        );
    }
    h.app.queue(Action::Run(Command::Curation));
    let centre = egui::pos2(size.x / 2.0, size.y / 2.0);
    for _ in 0..5 {
        h.frame(vec![egui::Event::PointerMoved(centre)]);
    }
    let progress = h
        .app
        .curation_progress()
        .context("the curation view listed nothing")?;
    // Over the middle of the curation window's list.
    let list = h
        .ctx
        .memory(|m| m.area_rect(egui::Id::unique("weft-curation")))
        .map_or(centre, |r| egui::pos2(r.center().x, r.top() + 150.0));
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        let dy = if i % 97 == 96 { 2400.0 } else { -60.0 };
        let wheel = egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        };
        let t = thread_cpu_secs();
        h.frame(vec![egui::Event::PointerMoved(list), wheel]);
        times.push(ms(thread_cpu_secs() - t));
    }
    if h.app.curation_rows_drawn() == 0 {
        bail!("the curation view drew no rows");
    }
    times.sort_by(f64::total_cmp);
    let figures = FrameFigures {
        median_ms: percentile(&times, 0.5),
        p99_ms: percentile(&times, 0.99),
        frames,
        laid_out: 0,
        engine_laid_out: 0,
    };
    Ok((figures, progress))
}
