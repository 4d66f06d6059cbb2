import CalicoModel
import Simulation

/// The checks of Calico's resource validator (`libcalico-go/lib/validator/v3`) that rules the engine
/// generates can fail. The StagedNetworkPolicy CRD carries the same rules as CEL.
public enum DatastoreValidation {
    /// Why the datastore would reject the policy; empty when it accepts it.
    ///
    /// The engine's Service rules carry `destination.ports` next to `destination.services`, which Calico
    /// rejects ("cannot specify ports with a service selector"): a recommendation with a Service rule is never
    /// written, and a stored one stops receiving updates (SPEC §2.7 shape vs §4 validation; inferred: the
    /// `service-rule-ports` assumption, whose `accepted` value skips that check).
    public static func problems(
        _ policy: CalicoPolicy, serviceRulePorts: Assumptions.ServiceRulePorts = .rejected
    ) -> [String] {
        var out: [String] = []
        for (dir, rules) in [("egress", policy.spec.egress ?? []), ("ingress", policy.spec.ingress ?? [])] {
            for (i, r) in rules.enumerated() {
                guard let d = r.destination else { continue }
                if d.services != nil && !(d.ports ?? []).isEmpty && serviceRulePorts == .rejected {
                    out.append("spec.\(dir)[\(i)].destination.ports: cannot specify ports with a service selector")
                }
                if d.services != nil && !(d.notPorts ?? []).isEmpty {
                    out.append(
                        "spec.\(dir)[\(i)].destination.notPorts: cannot specify notports with a service selector")
                }
                if !(d.domains ?? []).isEmpty && (!(d.nets ?? []).isEmpty || d.selector != nil) {
                    out.append(
                        "spec.\(dir)[\(i)].destination: nets and selector must be left empty when domains is specified")
                }
            }
        }
        return out
    }
}

extension RecommendationEngine {
    /// `syncToDatastore` for one namespace after the cache changed: create (tier first), replace on a name
    /// change (delete + create), update, or delete. A write the datastore rejects leaves the stored policy as
    /// it was (deleted already, for a replacement) and yields `writeRejected`.
    ///
    /// `intent` is the change as the engine sees it; it is reported when the write succeeds.
    mutating func sync(_ ns: String, _ intent: RecommendationChange) -> [RecommendationChange] {
        guard let cached = records[ns]?.policy else { return [] }
        let problems = DatastoreValidation.problems(cached, serviceRulePorts: options.assumptions.serviceRulePorts)
        var changes: [RecommendationChange] = []
        guard let stored = store[ns] else {
            if tier == nil {
                // MaybeCreateTier runs before the create, whether or not the create succeeds.
                let t = Tier(name: RecommendationKeys.tierName, order: RecommendationKeys.tierOrder)
                tier = t
                changes.append(.tierCreated(t))
            }
            guard problems.isEmpty else { return changes + [.writeRejected(cached, problems: problems)] }
            store[ns] = cached
            switch intent {
            case .rulesUpdated, .statusChanged: changes.append(.created(cached))
            default: changes.append(intent)
            }
            return changes
        }
        if stored == cached { return [] }
        if stored.name != cached.name {
            store[ns] = nil
            guard problems.isEmpty else {
                return [.deleted(stored, reason: .replacedButRejected), .writeRejected(cached, problems: problems)]
            }
        } else if !problems.isEmpty {
            return [.writeRejected(cached, problems: problems)]
        }
        store[ns] = cached
        return [intent]
    }

    /// The sync after the cache entry of `ns` was removed: the stored policy is deleted.
    mutating func sync(_ ns: String, deletion reason: DeletionReason) -> [RecommendationChange] {
        guard records[ns] == nil, let stored = store.removeValue(forKey: ns) else { return [] }
        return [.deleted(stored, reason: reason)]
    }
}
