//! The global allocator: mimalloc, never handing memory back to the system.
//!
//! Measured on the sample (warm re-render after a one-paragraph edit, 60
//! runs, medians of compile / PDF): glibc's malloc 22 / 18 ms; mimalloc with
//! its default purging 18 / 19 ms; mimalloc without purging 14 / 15 ms. With
//! purging, memory freed between passes is given back and faulted in again
//! (as zeroed huge pages: 40% of the run's samples were the kernel clearing
//! pages). Not purging keeps a process at its peak, which does not grow with
//! the number of issues rendered (`batch` evicts Typst's caches between
//! issues); `benches/batch.rs` reports the peak.

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
