import CalicoModel
import Simulation

extension RecommendationEngine {
    /// One run of the engine loop at `now` (SPEC §2.2): every selected namespace in sorted order, then the
    /// automation rules. Returns the datastore changes. Does nothing while stopped.
    ///
    /// Call it when `nextTickTime` is reached; it schedules the following tick one interval later (after a
    /// delayed tick, the first one after `now` on the ticker's phase). The namespaces in `failingQueries` get a
    /// query error: their update returns false (SPEC §2.2).
    public mutating func tick(at now: SimInstant, failingQueries: QueryFailures = .none) -> [RecommendationChange] {
        guard isRunning else { return [] }
        if let scheduled = delayedFrom {
            var next = scheduled + settings.interval
            while next <= now { next = next + settings.interval }
            nextTickTime = next
            delayedFrom = nil
        } else {
            nextTickTime = now + settings.interval
        }
        flowWindow.prune(at: now)
        var changes: [RecommendationChange] = []
        let timestamp = now.rfc3339
        let cutOff =
            options.assumptions.learningCutOff == .enforced
            ? (settings.policiesLearningCutOff ?? EngineOptions.apiDefaultLimit) : Int.max
        var learning = cutOff == Int.max ? 0 : records.values.filter { $0.policy.spec.stagedAction == .learn }.count

        for ns in selectedNamespaces where !failingQueries.contains(ns) {
            // Moved out and back in, so the record is mutated without copying it.
            if var record = records.removeValue(forKey: ns) {
                guard record.policy.spec.stagedAction == .learn else { records[ns] = consume record; continue }
                let previousName = record.policy.name
                let outcome = update(&record, namespace: ns, now: now, timestamp: timestamp)
                records[ns] = consume record
                switch outcome {
                case .unchanged: continue
                case .rulesChanged:
                    changes += write(ns, .rulesUpdated(records[ns]!.policy), at: now)
                    changes += contractionChanges(for: ns)
                case .statusChanged(let from, let to):
                    changes += write(
                        ns, .statusChanged(records[ns]!.policy, previousName: previousName, from: from, to: to),
                        at: now)
                }
            } else {
                // getRecommendation: a new policy for this namespace, stored only if it gets rules.
                guard learning < cutOff,
                    !flowWindow.window(namespace: ns, lookback: settings.initialLookback, now: now).isEmpty
                else { continue }
                var record = Record(policy: newRecommendationPolicy(namespace: ns))
                record.cache = unbornCaches[ns]
                guard case .rulesChanged = update(&record, namespace: ns, now: now, timestamp: timestamp) else {
                    // Flows that leave an empty policy empty stay so: remember them across ticks.
                    unbornCaches[ns] = record.cache
                    continue
                }
                unbornCaches[ns] = nil
                record.policy.metadata.name = newName(for: ns)
                records[ns] = record
                learning += 1
                changes += write(ns, .created(record.policy), at: now)
                changes += contractionChanges(for: ns)
            }
        }
        changes += applyAutomation(at: now)
        return changes
    }

    enum UpdateOutcome {
        case unchanged, rulesChanged
        case statusChanged(from: String?, to: RecommendationStatus)
    }

    /// `engine.update` + `recommendation.update` for one `Learn` recommendation.
    mutating func update(_ record: inout Record, namespace: String, now: SimInstant, timestamp: String) -> UpdateOutcome
    {
        let hasLastUpdated = record.policy.metadata.annotations?[RecommendationKeys.lastUpdated] != nil
        let lookback = hasLastUpdated ? settings.interval * 2 : settings.initialLookback
        let window = flowWindow.window(namespace: namespace, lookback: lookback, now: now)
        if window.isEmpty { return updateStatus(&record, now: now) }

        // Spelled out: `record.cache.take() ?? makeCache(…)` compiles to a copy of the whole cache (seen in profiles).
        var cache: RebuildCache
        if let taken = record.cache.take() { cache = consume taken } else { cache = makeCache(record.policy) }
        var egress: [Rule]?, ingress: [Rule]?
        var types = cache.types
        let unchanged: Bool
        if cache.absorbs(window) {
            // Every flow in the window is known to leave the rebuilt rules as they are.
            (egress, ingress) = (cache.egress, cache.ingress)
            unchanged = cache.isFixpoint
        } else {
            let flows = flowWindow.collect(window)
            var state = cache.state
            let ctx = FlowContext(
                namespace: namespace, passIntraNamespaceTraffic: settings.intraNamespacePassThroughTraffic,
                serviceNameSuffix: "svc.\(options.clusterDomain)", timestamp: timestamp,
                globalNetworkSetKeyFixed: options.assumptions.globalNetworkSetKey == .fixed)
            var mutated = false
            for (_, flow) in flows where state.process(EngineFlow(flow), ctx) { mutated = true }
            if mutated {
                (egress, ingress) = render(state, namespace: namespace)
                types = RuleRendering.types(egress: egress, ingress: ingress)
                unchanged = egress == record.policy.spec.egress && ingress == record.policy.spec.ingress
                if !unchanged { noteDomainState(state, namespace: namespace) }
            } else {
                for (id, flow) in flows { cache.absorbed.insert(id, domains: flow.destDomains) }
                (egress, ingress) = (cache.egress, cache.ingress)
                unchanged = cache.isFixpoint
            }
        }
        record.cache = consume cache
        if record.policy.spec.types != types { record.policy.spec.types = types }
        if unchanged { return updateStatus(&record, now: now) }
        record.policy.spec.egress = egress
        record.policy.spec.ingress = ingress
        var ann = record.policy.metadata.annotations ?? [:]
        ann[RecommendationKeys.status] = RecommendationStatus.learning.rawValue
        ann[RecommendationKeys.lastUpdated] = timestamp
        record.policy.metadata.annotations = ann
        record.cache = nil
        return .rulesChanged
    }

    /// The rebuilt rule maps of a policy and their rendering, computed once per rules version.
    func makeCache(_ policy: CalicoPolicy) -> RebuildCache {
        let state = rebuildState(policy)
        let (egress, ingress) = render(state, namespace: policy.namespace ?? "")
        return RebuildCache(
            state: state, egress: egress, ingress: ingress,
            isFixpoint: egress == policy.spec.egress && ingress == policy.spec.ingress, absorbed: AbsorbedFlows(),
            types: RuleRendering.types(egress: egress, ingress: ingress))
    }

    /// `updateStatus` (SPEC §2.10): `Stabilizing` when unchanged for more than 2 × interval (and not yet past
    /// the stabilization period), `Stable` past the stabilization period; each transition draws a new name
    /// (only the one to `Stable` under `status-renames=stable-only`).
    /// Nothing happens without a `lastUpdated` annotation (a brand-new policy is then never stored).
    mutating func updateStatus(_ record: inout Record, now: SimInstant) -> UpdateOutcome {
        guard let text = record.policy.metadata.annotations?[RecommendationKeys.lastUpdated], !text.isEmpty else {
            return .unchanged
        }
        let last: SimInstant
        if let cached = record.lastUpdated, cached.text == text {
            last = cached.instant
        } else {
            guard let parsed = RecommendationEngine.parseRFC3339(text) else { return .unchanged }
            record.lastUpdated = (text, parsed)
            last = parsed
        }
        let d = now - last
        let status = record.policy.metadata.annotations?[RecommendationKeys.status]
        let next: RecommendationStatus
        if status != RecommendationStatus.stabilizing.rawValue && d > settings.interval * 2
            && d <= settings.stabilizationPeriod
        {
            next = .stabilizing
        } else if status != RecommendationStatus.stable.rawValue && d > settings.stabilizationPeriod {
            next = .stable
        } else {
            return .unchanged
        }
        record.policy.metadata.annotations![RecommendationKeys.status] = next.rawValue
        if next == .stable || options.assumptions.statusRenames == .stabilizingAndStable {
            record.policy.metadata.name = newName(for: record.policy.namespace ?? "")
        }
        return .statusChanged(from: status, to: next)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` (what the engine writes) without allocating; other forms via `SimInstant(rfc3339:)`.
    static func parseRFC3339(_ text: String) -> SimInstant? {
        var text = text
        let fast: SimInstant? = text.withUTF8 { b in
            guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
            else { return nil }
            func num(_ from: Int, _ len: Int) -> Int? {
                var v = 0
                for i in from..<from + len {
                    let d = Int(b[i]) - 48; guard d >= 0 && d <= 9 else { return nil }; v = v * 10 + d
                }
                return v
            }
            guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
                let s = num(17, 2)
            else { return nil }
            return SimInstant(
                unixSeconds: CivilTime.unixSeconds(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
        }
        return fast ?? SimInstant(rfc3339: text)
    }

    /// `NewStagedNetworkPolicy` (SPEC §2.9), before it has a name (drawn only if it is stored).
    func newRecommendationPolicy(namespace: String) -> CalicoPolicy {
        var meta = ObjectMeta(
            name: "", namespace: namespace,
            labels: [
                RecommendationKeys.tierLabel: RecommendationKeys.tierName,
                RecommendationKeys.ownerKindLabel: RecommendationKeys.scopeKind,
                RecommendationKeys.scope: RecommendationKeys.namespaceScopeLabelValue,
                RecommendationKeys.stagedActionLabel: StagedAction.learn.rawValue,
            ], annotations: [RecommendationKeys.status: RecommendationStatus.learning.rawValue])
        if let uid = settings.scopeUID, !uid.isEmpty {
            meta.ownerReferences = [
                OwnerReference(
                    apiVersion: "projectcalico.org/v3", kind: RecommendationKeys.scopeKind,
                    name: RecommendationKeys.scopeName, uid: uid,
                    controller: true, blockOwnerDeletion: false)
            ]
        }
        return CalicoPolicy(
            kind: .stagedNetworkPolicy, metadata: meta,
            spec: PolicySpec(
                stagedAction: .learn, tier: RecommendationKeys.tierName,
                selector: SelectorLiteral.equalsOrNothing("projectcalico.org/namespace", namespace)))
    }
}
