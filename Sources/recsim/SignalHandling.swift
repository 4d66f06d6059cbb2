import Simulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A command that stops cleanly on SIGINT/SIGTERM: its long loops poll `Interruption`, so temp files are removed,
/// transactions roll back and a stored run is marked `interrupted` before the process exits with 128 + signal.
protocol Interruptible {}

enum SignalHandling {
    /// Installs the handlers. The first SIGINT/SIGTERM asks the work to stop; a second one stops the process at
    /// once (the default action), for a loop that does not poll.
    static func install() {
        _ = Interruption.requested  // initialise the atomic before a handler can touch it
        // A parent may have started us with these signals blocked (a blocked mask is inherited): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for number in [SIGINT, SIGTERM] {
            signal(number) { received in
                if Interruption.requested != nil {
                    signal(received, SIG_DFL)
                    raise(received)
                    return
                }
                Interruption.request(signal: received)
            }
        }
    }
}
