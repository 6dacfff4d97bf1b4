#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `posix_spawn_file_actions_t`: the three standard streams, and every other descriptor closed.
struct SpawnActions {
    var raw = posix_spawn_file_actions_t()

    init() throws {
        let rc = posix_spawn_file_actions_init(&raw)
        guard rc == 0 else { throw SpawnError(executable: "(file actions)", errno: rc) }
    }

    mutating func destroy() { posix_spawn_file_actions_destroy(&raw) }

    mutating func redirect(_ stream: ChildProcess.Stream, to target: Int32, forWriting: Bool) throws {
        let rc: Int32
        switch stream {
        case .inherit:
            rc = 0
        case .null:
            rc = posix_spawn_file_actions_addopen(&raw, target, "/dev/null", forWriting ? O_WRONLY : O_RDONLY, 0)
        case .file(let path):
            let flags = forWriting ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY
            rc = posix_spawn_file_actions_addopen(&raw, target, path, flags, 0o644)
        case .descriptor(let fd):
            rc = posix_spawn_file_actions_adddup2(&raw, fd, target)
        }
        guard rc == 0 else { throw SpawnError(executable: "(redirect of descriptor \(target))", errno: rc) }
    }

    /// Descriptors 3 and up are closed in the child: sockets and files of this process (a test process
    /// holds simulator sockets) never leak into it, whether or not they were opened close-on-exec.
    mutating func closeOthers() {
        #if os(Linux)
        _ = addCloseFrom(&raw, 3)
        #endif
    }
}

#if os(Linux)
/// glibc ≥ 2.34 `posix_spawn_file_actions_addclosefrom_np` (not exported by the Glibc module).
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
#endif

/// `posix_spawnattr_t`: an empty signal mask, and default handling of the signals a parent may ignore.
struct SpawnAttributes {
    var raw = posix_spawnattr_t()

    init() throws {
        var rc = posix_spawnattr_init(&raw)
        guard rc == 0 else { throw SpawnError(executable: "(spawn attributes)", errno: rc) }
        var mask = sigset_t()
        sigemptyset(&mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        rc = posix_spawnattr_setsigmask(&raw, &mask)
        if rc == 0 { rc = posix_spawnattr_setsigdefault(&raw, &defaults) }
        if rc == 0 { rc = posix_spawnattr_setflags(&raw, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) }
        guard rc == 0 else {
            posix_spawnattr_destroy(&raw)
            throw SpawnError(executable: "(spawn attributes)", errno: rc)
        }
    }

    mutating func destroy() { posix_spawnattr_destroy(&raw) }
}

/// A NULL-terminated `char *[]` for argv and envp, freed explicitly.
struct CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointers = .allocate(capacity: strings.count + 1)
        for (i, string) in strings.enumerated() { pointers[i] = strdup(string) }
        pointers[strings.count] = nil
    }

    func free() {
        var i = 0
        while let pointer = pointers[i] {
            #if canImport(Glibc)
            Glibc.free(pointer)
            #else
            Darwin.free(pointer)
            #endif
            i += 1
        }
        pointers.deallocate()
    }
}

/// A detached POSIX thread for work that blocks in a system call (`waitid`, `read`), kept off the
/// cooperative pool and off dispatch.
enum BlockingThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    static func start(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if os(Linux)
        var thread = pthread_t()
        #else
        var thread: pthread_t? = nil
        #endif
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        pthread_detach(thread)
    }
}
