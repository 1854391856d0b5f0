#pragma once
// Locks say what they guard (leveldb's port/thread_annotations.h style). Under clang the macros
// are the attributes of its thread-safety analysis (-Wthread-safety; the ctest entry
// thread_safety_analysis compiles the annotated files with it); under GCC they expand to nothing.
// Use them with cw::Mutex (core/mutex.hpp): std::mutex carries no annotations of its own.

#if defined(__clang__)
#define CW_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define CW_THREAD_ANNOTATION_(x)
#endif

// A member that may be read or written only with `mutex` held.
#define GUARDED_BY(mutex) CW_THREAD_ANNOTATION_(guarded_by(mutex))
// A pointer member whose pointee may be used only with `mutex` held.
#define PT_GUARDED_BY(mutex) CW_THREAD_ANNOTATION_(pt_guarded_by(mutex))
// A function that must be called with the mutexes held / not held.
#define EXCLUSIVE_LOCKS_REQUIRED(...) CW_THREAD_ANNOTATION_(exclusive_locks_required(__VA_ARGS__))
#define LOCKS_EXCLUDED(...) CW_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
// On a lock type and its members.
#define CAPABILITY(name) CW_THREAD_ANNOTATION_(capability(name))
#define SCOPED_CAPABILITY CW_THREAD_ANNOTATION_(scoped_lockable)
#define ACQUIRE(...) CW_THREAD_ANNOTATION_(acquire_capability(__VA_ARGS__))
#define RELEASE(...) CW_THREAD_ANNOTATION_(release_capability(__VA_ARGS__))
#define NO_THREAD_SAFETY_ANALYSIS CW_THREAD_ANNOTATION_(no_thread_safety_analysis)
