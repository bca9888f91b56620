//! How the session runs the core's independent parts (see [`crate::model::Join`]).

/// Runs the second part on a second thread while the first runs on this one, when the
/// machine has two cores or more; on one core, one after the other. The workbench's views,
/// `weft agreement` and the benchmark all run their work through it, so they measure the same
/// work.
pub struct TwoThreads;

impl crate::model::Join for TwoThreads {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        if !two_cores() {
            return crate::model::InOrder.join(a, b);
        }
        std::thread::scope(|s| {
            let other = s.spawn(b);
            let x = a();
            // A panic on the other thread is a bug: it goes on as one here.
            let y = other
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (x, y)
        })
    }
}

/// Whether the machine has two cores or more.
fn two_cores() -> bool {
    std::thread::available_parallelism().map_or(1, |n| n.get()) >= 2
}
