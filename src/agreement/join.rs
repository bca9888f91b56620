//! How the engine's independent parts are run: one after the other, or side by side.

/// Runs two independent computations and returns both results. The engine hands its
/// independent parts to one (see [`super::report::build_with`]) and stays free of threads itself:
/// [`InOrder`] runs them one after the other, and the session's implementation runs them on
/// two threads. Either way the results are the same.
pub trait Join: Sync {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B);
}

/// Runs `a`, then `b`.
pub struct InOrder;

impl Join for InOrder {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let x = a();
        (x, b())
    }
}
