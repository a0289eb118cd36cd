import Dispatch
import Foundation
import MonteCarlo
import TensorIO

/// Turns SIGINT and SIGTERM into a cancellation request: replicates in flight finish and are
/// checkpointed, then the run stops and says how to resume. A second signal exits at once.
final class SignalWatcher: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(cancellation: CancellationFlag, inFlight: String = "the replicates in flight") {
        for sig in POSIX.stopSignals {
            POSIX.setIgnored(sig, true)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if cancellation.isCancelled { exit(130) }
                cancellation.cancel()
                FileHandle.standardError.write(Data("\nweightlab: stopping after \(inFlight) (signal again to quit now)\n".utf8))
            }
            source.resume()
            sources.append(source)
        }
    }

    func stop() {
        for s in sources { s.cancel() }
        for sig in POSIX.stopSignals { POSIX.setIgnored(sig, false) }
    }
}
