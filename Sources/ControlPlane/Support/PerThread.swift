import Glibc
import Synchronization

/// Thread-local storage for lock-free caches: each thread owns a dictionary of objects keyed by the
/// serial of the cache instance that put them there (serials are never reused, unlike addresses).
enum PerThread {
    final class Storage {
        var objects: [UInt64: AnyObject] = [:]
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Storage>.fromOpaque(pointer).release() }
        }
        return key
    }()
    private static let serials = Atomic<UInt64>(0)

    /// A fresh serial for a cache instance.
    static func nextSerial() -> UInt64 { serials.add(1, ordering: .relaxed).newValue }

    /// This thread's storage.
    static func storage() -> Storage {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<Storage>.fromOpaque(pointer).takeUnretainedValue()
        }
        let storage = Storage()
        pthread_setspecific(key, Unmanaged.passRetained(storage).toOpaque())
        return storage
    }

    /// This thread's object for cache `serial`, created by `make` on first use. Objects of caches that
    /// no longer exist (tests create many control planes) are dropped once a thread holds more than 16.
    static func object<T: AnyObject>(_ serial: UInt64, _ make: () -> T) -> T {
        let storage = storage()
        if let existing = storage.objects[serial] { return unsafeDowncast(existing, to: T.self) }
        if storage.objects.count >= 16 { storage.objects.removeAll() }
        let object = make()
        storage.objects[serial] = object
        return object
    }
}
