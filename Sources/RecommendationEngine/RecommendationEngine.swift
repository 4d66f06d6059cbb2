import CalicoModel
import Simulation

/// A model of Calico Enterprise's policy-recommendation engine (SPEC §2), as a value driven by the harness's clock.
///
/// The harness ingests flow logs as they are flushed (`ingest(_:)`), calls `tick(at:)` whenever
/// `nextTickTime` is reached, and forwards scope changes (`updateScope(_:at:)`), namespace changes
/// (`addNamespace`, `removeNamespace`) and user actions (`activate`, `dismiss`, `reactivate`, `enforce`,
/// `deleteEnforcedPolicy`). Every method that changes the datastore returns the changes as values.
///
/// The model follows the 2024+ engine (`policy-recommendation/pkg/engine`), bugs included, each documented
/// where it happens: the pending-then-enforced flow query (`FlowWindow`), the rule rebuild from annotations
/// (`RuleState.init(egress:ingress:)`), Domains rules without domains (`RuleRendering.domains`), rules to
/// deleted namespaces kept (`removeNamespace`), the selector seeing only `projectcalico.org/name`
/// (`EngineSettings.selects`). It keeps the engine's cache (`cachedRecommendation(for:)`) apart from the
/// datastore (`recommendations`), which rejects what Calico's validator rejects (`DatastoreValidation`).
///
/// Same inputs and seed give the same output: namespaces are processed in sorted order, rules the engine's
/// comparators rank equal keep a fixed order, and name suffixes come from per-namespace streams derived
/// from the engine's generator. No clock is read and nothing is printed.
public struct RecommendationEngine: Sendable {
    public let options: EngineOptions
    /// The validated scope values in effect.
    public private(set) var settings: EngineSettings
    /// The latest scope received (applied only while the engine runs, as in Calico).
    public private(set) var scope: PolicyRecommendationScope
    /// Warnings of the most recent scope application.
    public private(set) var warnings: [SettingsWarning]
    /// True while `recStatus` is `Enabled`: the engine ticks.
    public internal(set) var isRunning: Bool
    /// The engine was created (first enabled); re-enabling keeps it (SPEC §1.6).
    var hasStarted = false
    /// The engine's pod is down (`crash()`), until `restart(at:)`: no ticks, no scope updates.
    public internal(set) var isDown = false
    /// The scheduled time of a tick that was delayed (`delayTick(by:)`); the ticker keeps its phase from it.
    var delayedFrom: SimInstant?
    /// Namespaces whose datastore write failed, with when the sync retries (`retryWrites(at:)`).
    var pendingWrites: [String: PendingWrite] = [:]
    /// Injected datastore write failures (`failWrites`, `writeFailureProbability`).
    public var writeFaults = WriteFaults()
    /// When the ticker fires next; nil while stopped. The first tick comes one full interval after start.
    public internal(set) var nextTickTime: SimInstant?
    /// The flow logs the engine's query can see.
    public internal(set) var flowWindow: FlowWindow
    /// The `namespace-isolation` tier, once created (or if it existed at start).
    public internal(set) var tier: Tier?

    struct RebuildCache: Sendable {
        var state: RuleState
        var egress: [Rule]?
        var ingress: [Rule]?
        /// Rendering the rebuilt state gives back the stored rules (false e.g. after a global NetworkSet rule).
        var isFixpoint: Bool
        /// L3 flows (by interned key) known not to change `state`, with the domains they were seen with.
        /// A flow's effect on a fixed state never changes, so a window made only of these needs no processing.
        var absorbed: AbsorbedFlows
        /// `getPolicyTypes` of the rendering.
        var types: [PolicyType]?

        /// Flushes (end time and trace bit) whose first `count` entries were found absorbed. Entries are only
        /// appended and `absorbed` only grows, so a later check resumes where the last one stopped.
        var verified: [(endTime: Int64, bit: UInt8, count: Int)] = []

        mutating func absorbs(_ w: FlowWindow.Window) -> Bool {
            if let first = w.buckets.first?.endTime { verified.removeAll { $0.endTime < first } }
            for bucket in w.buckets {
                let known = verified.firstIndex { $0.endTime == bucket.endTime && $0.bit == w.bit }
                let start = known.map { verified[$0].count } ?? 0
                for e in bucket.entries[start...] where e.mask & w.bit != 0 {
                    guard absorbed.contains(e.key, domains: e.domainCounts) else { return false }
                }
                if let known {
                    verified[known].count = bucket.entries.count
                } else {
                    verified.append((bucket.endTime, w.bit, bucket.entries.count))
                }
            }
            return true
        }
    }
    struct Record: Sendable {
        var policy: CalicoPolicy
        var cache: RebuildCache?
        /// The parsed `lastUpdated` annotation, reused while its text is unchanged.
        var lastUpdated: (text: String, instant: SimInstant)?
        init(policy: CalicoPolicy) { self.policy = policy }
    }

    private(set) var namespaces: Set<String> = []
    /// Namespace names ignored because they are not valid RFC 1123 labels (from an inventory or flow logs).
    public private(set) var ignoredNamespaceNames = 0
    /// Distinct flow-log keys ignored because a namespace, network-set or service name in them is invalid.
    public var ignoredInvalidNameKeys: Int { flowWindow.ignoredInvalidNameKeys }
    /// The datastore: what was written successfully, by namespace. `records` is the engine's cache.
    var store: [String: CalicoPolicy] = [:]
    private(set) var selectedSorted: [String] = []
    var records: [String: Record] = [:]
    var enforced: [String: CalicoPolicy] = [:]
    var activatedAt: [String: SimInstant] = [:]
    var domainSets: [String: NetworkSet] = [:]
    var contractedDomains: [String: ScopedRules] = [:]
    /// Rebuild caches of namespaces whose (empty) recommendation was not stored yet.
    var unbornCaches: [String: RebuildCache] = [:]
    private var nameStreams: [String: SeededGenerator] = [:]
    private let nameGenerator: SeededGenerator

    /// Creates the engine as the scope controller would at `now`.
    ///
    /// - Parameters:
    ///   - generator: the run's generator; recommendation-name suffixes are drawn from streams derived from it.
    ///   - namespaces: the namespaces that exist at start.
    ///   - existingPolicies: staged policies already in the datastore; those labelled with the
    ///     `namespace-isolation` tier are loaded as recommendations, keyed by namespace (last one wins).
    ///   - existingTier: the tier, if it already exists.
    public init(
        scope: PolicyRecommendationScope, generator: SeededGenerator, at now: SimInstant,
        namespaces: [String] = [], existingPolicies: [CalicoPolicy] = [], existingTier: Tier? = nil,
        options: EngineOptions = EngineOptions()
    ) {
        self.options = options
        self.scope = scope
        settings = EngineSettings(defaults: options.defaults, minimumInterval: options.minimumInterval)
        warnings = []
        isRunning = false
        nextTickTime = nil
        flowWindow = FlowWindow(assumptions: options.assumptions)
        flowWindow.storeRetention = options.flowLogRetention
        tier = existingTier
        nameGenerator = generator.derived("recommendation-names")
        for p in existingPolicies
        where p.kind == .stagedNetworkPolicy
            && p.metadata.labels?[RecommendationKeys.tierLabel] == RecommendationKeys.tierName
        {
            records[p.namespace ?? "default"] = Record(policy: p)
            store[p.namespace ?? "default"] = p
        }
        self.namespaces = Set(namespaces.filter { KubernetesName.isValid($0, as: .dns1123Label) })
        ignoredNamespaceNames = namespaces.count - self.namespaces.count
        // Only the scope named `default` is acted on (SPEC §1.1), at start as on every update.
        if scope.metadata.name == RecommendationKeys.scopeName && scope.spec.namespaceSpec?.recStatus == .enabled {
            _ = start(at: now)
        } else {
            updateRetention()
        }
    }

    // MARK: observation

    /// The recommendations (staged policies) in the datastore, sorted by namespace.
    public var recommendations: [CalicoPolicy] { store.keys.sorted().map { store[$0]! } }
    /// The recommendation of one namespace in the datastore.
    public func recommendation(for namespace: String) -> CalicoPolicy? { store[namespace] }
    /// The engine's cached recommendation of a namespace. It differs from the datastore's only after the
    /// datastore rejected a write (see `DatastoreValidation`).
    public func cachedRecommendation(for namespace: String) -> CalicoPolicy? { records[namespace]?.policy }
    /// Enforced policies created from recommendations, sorted by namespace then name.
    public var enforcedPolicies: [CalicoPolicy] { enforced.keys.sorted().map { enforced[$0]! } }
    /// Spec-intended egress-domain NetworkSets, sorted by namespace.
    public var egressDomainSets: [NetworkSet] { domainSets.keys.sorted().map { domainSets[$0]! } }
    /// Namespaces the engine knows, sorted.
    public var knownNamespaces: [String] { namespaces.sorted() }
    /// Namespaces the selector selects, sorted: those the engine processes each tick.
    public var selectedNamespaces: [String] { selectedSorted }
    /// True while the tick due at `nextTickTime` is one that was delayed (`delayTick(by:)`).
    public var isDelayedTick: Bool { delayedFrom != nil }
    /// The ticker period.
    public var tickInterval: SimDuration { settings.interval }
    /// The first tick strictly after `time`, if the engine is running.
    public func nextTick(after time: SimInstant) -> SimInstant? {
        guard let next = nextTickTime else { return nil }
        if next > time { return next }
        let periods = (time - next).seconds / settings.interval.seconds + 1
        return next + settings.interval * periods
    }

    // MARK: flows

    /// Adds flushed flow logs to what the engine's query sees. Accepted while stopped (Linseed keeps storing).
    public mutating func ingest<S: Sequence>(_ logs: S) where S.Element == FlowLog { flowWindow.ingest(logs) }
    /// Adds one flushed flow log.
    public mutating func ingest(_ log: borrowing FlowLog) { flowWindow.ingest(log) }
    /// Adds one flushed flow log, read where it lies; it is not modified. Passing a record held in an array
    /// `inout` lets the compiler skip the copy (and its reference count on the shared text) that a borrowed
    /// argument costs: the harness feeds ~100 M records a month this way.
    public mutating func ingest(inPlace log: inout FlowLog) { flowWindow.ingest(log) }

    // MARK: lifecycle

    /// Disabled → Enabled. The engine and its controller are created once (SPEC §1.6): the first start builds
    /// the settings from the defaults and the scope and warms the cache up from the datastore; a later one
    /// (re-enabling) keeps the settings and the cache and receives the scope as an update. Either way the
    /// ticker starts afresh, its first tick one interval later.
    mutating func start(at now: SimInstant) -> [RecommendationChange] {
        isRunning = true
        var changes: [RecommendationChange] = []
        if hasStarted {
            changes = applyWhileRunning(scope)
        } else {
            hasStarted = true
            // NewRecommendationEngine + the first ReceiveScopeUpdate.
            var s = EngineSettings(defaults: options.defaults, minimumInterval: options.minimumInterval)
            warnings = s.apply(scope)
            settings = s
            // Warm-up: the cache is loaded from the datastore.
            records = store.mapValues { Record(policy: $0) }
            selectedSorted = namespaces.filter(settings.selects(namespace:)).sorted()
            updateRetention()
        }
        nextTickTime = now + settings.interval
        return changes
    }

    /// A scope update received by a running engine: validation per field, retention, and the deletion of
    /// recommendations of namespaces no longer selected. The caller handles the ticker.
    private mutating func applyWhileRunning(_ newScope: PolicyRecommendationScope) -> [RecommendationChange] {
        let oldSelector = settings.namespaceSelector.canonical
        warnings = settings.apply(newScope)
        updateRetention()
        var changes: [RecommendationChange] = []
        if settings.namespaceSelector.canonical != oldSelector {
            selectedSorted = namespaces.filter(settings.selects(namespace:)).sorted()
            for ns in namespaces.sorted() where !settings.selects(namespace: ns) {
                changes += deleteRecommendation(ns, reason: .namespaceDeselected)
            }
        }
        return changes
    }

    mutating func updateRetention() {
        flowWindow.retention = max(options.minimumRetention, settings.initialLookback, settings.interval * 2)
    }

    /// Result of a scope update.
    public struct ScopeUpdate: Hashable, Sendable {
        public var warnings: [SettingsWarning]
        public var changes: [RecommendationChange]
    }

    /// Applies a new version of the `default` scope at `now` (SPEC §1.5–1.6).
    ///
    /// Disabled → Enabled starts the engine (first tick one interval later; existing recommendations kept):
    /// the first time with settings from defaults + scope, later keeping the engine it built (SPEC §1.6).
    /// A scope with another name is ignored, as the controller watches only `default` (SPEC §1.1). Enabled → Disabled stops ticking and leaves every policy as it
    /// is. While running: validation per field; an interval change restarts the ticker (next tick one full
    /// new interval after `now`); a selector change deletes the recommendations of namespaces no longer
    /// selected, whatever their `stagedAction`. While stopped, the scope is only stored.
    @discardableResult
    public mutating func updateScope(_ newScope: PolicyRecommendationScope, at now: SimInstant) -> ScopeUpdate {
        guard newScope.metadata.name == RecommendationKeys.scopeName else {
            return ScopeUpdate(warnings: [], changes: [])
        }
        scope = newScope
        // A pod that is down sees the scope when it starts again.
        guard !isDown else { return ScopeUpdate(warnings: [], changes: []) }
        let enable = newScope.spec.namespaceSpec?.recStatus == .enabled
        if enable != isRunning {
            if enable {
                let changes = start(at: now)
                return ScopeUpdate(warnings: warnings, changes: changes)
            }
            isRunning = false; nextTickTime = nil; warnings = []
            return ScopeUpdate(warnings: [], changes: [])
        }
        guard isRunning else { return ScopeUpdate(warnings: [], changes: []) }
        let oldInterval = settings.interval
        let changes = applyWhileRunning(newScope)
        if settings.interval != oldInterval { nextTickTime = now + settings.interval }
        return ScopeUpdate(warnings: warnings, changes: changes)
    }

    /// A namespace appeared (`AddNamespace`). A name Kubernetes would not accept is ignored and counted in
    /// `ignoredNamespaceNames`: it cannot come from a real cluster, and it would be placed in a selector.
    public mutating func addNamespace(_ namespace: String) {
        guard KubernetesName.isValid(namespace, as: .dns1123Label) else { ignoredNamespaceNames += 1; return }
        guard namespaces.insert(namespace).inserted else { return }
        if settings.selects(namespace: namespace) {
            selectedSorted.insert(
                namespace, at: selectedSorted.firstIndex { $0 > namespace } ?? selectedSorted.endIndex)
        }
    }

    /// A namespace was deleted (`RemoveNamespace`): its recommendation and enforced policies go with it.
    ///
    /// Rules of other recommendations that reference the namespace stay: the engine tries to remove rules
    /// whose `namespaceSelector` equals the bare name, which generated selectors never do (SPEC §2.14 quirk 1).
    /// Under `remove-namespace-rules=removed` the Namespace rules naming it are removed from every `Learn`
    /// recommendation instead, as a rule change at `now` (back to `Learning`).
    @discardableResult
    public mutating func removeNamespace(_ namespace: String, at now: SimInstant? = nil) -> [RecommendationChange] {
        var changes: [RecommendationChange] = []
        if options.assumptions.removeNamespaceRules == .removed, let now {
            changes += removeRules(naming: namespace, at: now)
        }
        namespaces.remove(namespace)
        selectedSorted.removeAll { $0 == namespace }
        unbornCaches[namespace] = nil
        changes += deleteRecommendation(namespace, reason: .namespaceRemoved)
        for key in enforced.keys.sorted() where enforced[key]!.metadata.namespace == namespace {
            changes.append(.enforcedPolicyDeleted(enforced.removeValue(forKey: key)!))
        }
        activatedAt[namespace] = nil
        return changes
    }

    /// Removes the Namespace-scope rules naming `namespace` from the other `Learn` recommendations.
    private mutating func removeRules(naming namespace: String, at now: SimInstant) -> [RecommendationChange] {
        func keep(_ r: Rule) -> Bool {
            let a = r.metadata?.annotations
            return
                !(a?[RecommendationKeys.scope] == RuleScope.namespace.rawValue
                && a?[RecommendationKeys.namespace] == namespace)
        }
        var changes: [RecommendationChange] = []
        for ns in records.keys.sorted() where ns != namespace {
            guard var record = records[ns], record.policy.spec.stagedAction == .learn else { continue }
            let egress = record.policy.spec.egress?.filter(keep), ingress = record.policy.spec.ingress?.filter(keep)
            guard
                egress?.count != record.policy.spec.egress?.count || ingress?.count != record.policy.spec.ingress?.count
            else { continue }
            record.policy.spec.egress = egress?.isEmpty == true ? nil : egress
            record.policy.spec.ingress = ingress?.isEmpty == true ? nil : ingress
            record.policy.spec.types = RuleRendering.types(
                egress: record.policy.spec.egress, ingress: record.policy.spec.ingress)
            record.policy.metadata.annotations?[RecommendationKeys.status] = RecommendationStatus.learning.rawValue
            record.policy.metadata.annotations?[RecommendationKeys.lastUpdated] = now.rfc3339
            record.cache = nil
            records[ns] = record
            changes += sync(ns, .rulesUpdated(record.policy))
        }
        return changes
    }

    mutating func deleteRecommendation(_ namespace: String, reason: DeletionReason) -> [RecommendationChange] {
        records[namespace] = nil
        var changes = sync(namespace, deletion: reason)
        if let set = domainSets.removeValue(forKey: namespace) { changes.append(.egressDomainSetDeleted(set)) }
        contractedDomains[namespace] = nil
        return changes
    }

    // MARK: names

    /// A fresh `GenerateRecommendationName` for the namespace, from its own derived stream.
    mutating func newName(for namespace: String) -> String {
        var g = nameStreams[namespace] ?? nameGenerator.derived(namespace)
        let suffix = g.lowercaseLetters(5)
        nameStreams[namespace] = g
        return RecommendationNaming.recommendationName(namespace: namespace, suffix: suffix)
    }
}
