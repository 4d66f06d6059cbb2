import CalicoModel
import Simulation

/// Hashes flow-log records for the run fingerprint (`RunFingerprint`, definition in docs/results-schema.md).
///
/// The text part of a record is hashed once per shared text box (records copied from a prototype share it), the
/// numeric part per record; the result is the same as hashing every record from scratch.
struct RecordDigester {
    /// Text boxes already digested, by identity (dense index into `tokens` and `digests`).
    private var textDigests = FastIndex<TextIdentity>()
    /// Kept alive so that an identifier in `textDigests` is never reused by another box.
    private var tokens: [any AnyObject & Sendable] = []
    private var digests: [UInt64] = []
    private var buffer: [UInt8] = []
    static let textSeed: UInt64 = 3
    static let maxCachedTexts = 500_000

    init() { buffer.reserveCapacity(1024) }

    /// The record's 64-bit digest, as folded into the run fingerprint.
    mutating func digest(_ log: inout FlowLog) -> UInt64 {
        let text: UInt64
        let identity = TextIdentity(id: log.textIdentity)
        if let i = textDigests.find(identity) {
            text = digests[i]
        } else {
            buffer.removeAll(keepingCapacity: true)
            log.appendTextBinary(to: &buffer)
            text = FastHash.hash(buffer, seed: Self.textSeed)
            if tokens.count >= Self.maxCachedTexts {
                textDigests.removeAll(); tokens.removeAll(keepingCapacity: true)
                digests.removeAll(keepingCapacity: true)
            }
            _ = textDigests.insert(identity)
            tokens.append(log.textToken)
            digests.append(text)
        }
        // The numeric fields, in JSON order, as 64-bit words, then the text digest.
        var h = WordHasher(seed: RunFingerprint.Kind.record.rawValue)
        h.add(log.startTime); h.add(log.endTime)
        h.add(log.sourcePort); h.add(log.destPort); h.add(log.destServicePortNum)
        h.add(UInt64(log.sourceType.binaryCode)); h.add(UInt64(log.destType.binaryCode))
        h.add(UInt64(log.action == .allow ? 0 : 1)); h.add(UInt64(log.reporter.binaryCode))
        h.add(log.bytesIn); h.add(log.bytesOut); h.add(log.packetsIn); h.add(log.packetsOut)
        h.add(log.numFlows); h.add(log.numFlowsStarted); h.add(log.numFlowsCompleted)
        h.add(log.httpRequestsAllowedIn); h.add(log.httpRequestsDeniedIn); h.add(log.numOriginalSourceIPs)
        h.add(log.timestamp)
        h.add(text)
        return h.value
    }
}

/// A text box's identity as a `FastIndex` key.
private struct TextIdentity: FastHashable, Sendable {
    var id: ObjectIdentifier
    var fastHash: UInt64 { fastMix(UInt64(UInt(bitPattern: id))) }
}
