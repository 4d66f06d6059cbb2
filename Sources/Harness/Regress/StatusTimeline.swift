import ResultStore
import Scenario
import Simulation

/// The state of each namespace's recommendation at any time of a run, read off the stored versions.
///
/// Every version the run wrote is in the store (`recommendation_version`), so probes at many times cost one run
/// rather than one run per probe. Versions written at exactly the probed time count.
struct StatusTimeline {
    struct State: Hashable {
        var status: StatusProbe.Status
        var stagedAction: String?
        var enforced: Bool
    }

    private var staged: [String: [RecommendationRow]] = [:]
    private var enforced: [String: [RecommendationRow]] = [:]

    /// `rows` in the order they were written (which is time order).
    init(rows: [RecommendationRow]) {
        for r in rows {
            if r.yaml.contains("\nkind: StagedNetworkPolicy\n") {
                staged[r.namespace, default: []].append(r)
            } else if r.yaml.contains("\nkind: NetworkPolicy\n") {
                enforced[r.namespace, default: []].append(r)
            }
        }
    }

    func state(namespace: String, at t: SimInstant) -> State {
        var state = State(status: .none, stagedAction: nil, enforced: false)
        if let last = staged[namespace]?.last(where: { $0.time <= t }), last.event != .deleted {
            state.status = StatusProbe.Status(rawValue: last.status.rawValue) ?? .learning
            state.stagedAction = last.stagedAction.rawValue
        }
        if let last = enforced[namespace]?.last(where: { $0.time <= t }) {
            state.enforced = !(last.event == .deleted || last.detail == "deleteEnforced")
        }
        return state
    }
}
