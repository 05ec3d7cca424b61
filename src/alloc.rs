//! The global allocator: mimalloc, never handing memory back to the system.
//!
//! Measured on the sample, 60 warm re-renders after a one-paragraph edit in
//! one process, on the shared 2-core machine: with glibc's malloc, compile /
//! PDF medians 22–23 / 18 ms; with mimalloc purging freed memory (its
//! default) the run took 3.47 s of CPU and 3,929 page faults, and 40% of its
//! samples were the kernel clearing pages (huge pages, given back and faulted
//! in again between passes); without purging, 2.31 s and 1,851 faults, medians
//! 14–17 / 15–17 ms. Not purging keeps a process at its peak, which does not
//! grow with the number of issues rendered (`batch` evicts Typst's caches
//! between issues); `benches/batch.rs` reports the peak.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (mimalloc.h); the
/// Rust binding has no name for it. `-1` means never purge.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep freed memory. Called once before the first
/// compile; harmless to call again.
pub(crate) fn keep_freed_memory() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: setting an option is thread-safe and takes plain integers.
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1)
        };
    });
}
