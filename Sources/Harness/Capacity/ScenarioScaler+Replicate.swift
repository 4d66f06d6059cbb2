import CalicoModel
import Scenario
import TrafficGeneration

extension ScenarioScaler {
    /// The namespace set replicated (or truncated) to `namespaces` namespaces; see `ScenarioScaler`.
    static func replicated(_ base: Scenario, namespaces target: Int) throws -> Scenario {
        let names = base.cluster.namespaces.map(\.name)
        guard !names.isEmpty else {
            throw CapacityError("\(base.file): the scenario declares no namespaces, so there is nothing to scale")
        }
        let copies = (target + names.count - 1) / names.count
        let renaming = (0..<copies).map { Copy(index: $0, names: names, target: target) }
        var s = base
        var cluster = base.cluster
        cluster.namespaces = []; cluster.workloads = []; cluster.services = []
        cluster.networkSets = base.cluster.networkSets.filter(\.isGlobal)
        cluster.policies = base.cluster.policies.filter { $0.namespace == nil }
        cluster.kubernetesPolicies = []
        var traffic: [TrafficPattern] = []
        var events: [ScenarioEvent] = []
        var actions: [RecommendationAction] = []
        for copy in renaming {
            for n in base.cluster.namespaces {
                guard let name = copy.map(n.name) else { continue }
                cluster.namespaces.append(NamespaceSpec(name: name, labels: n.labels))
            }
            for w in base.cluster.workloads {
                guard let ns = copy.map(w.namespace) else { continue }
                var c = w; c.namespace = ns; cluster.workloads.append(c)
            }
            for svc in base.cluster.services {
                guard let ns = copy.map(svc.namespace) else { continue }
                var c = svc; c.namespace = ns; cluster.services.append(c)
            }
            for set in base.cluster.networkSets where !set.isGlobal {
                guard let ns = set.namespace.flatMap(copy.map) else { continue }
                var c = set; c.metadata.namespace = ns; cluster.networkSets.append(c)
            }
            for p in base.cluster.policies {
                guard let old = p.namespace, let ns = copy.map(old) else { continue }
                var c = p; c.metadata.namespace = ns; cluster.policies.append(c)
            }
            for p in base.cluster.kubernetesPolicies {
                guard let ns = copy.map(p.namespace) else { continue }
                var c = p; c.metadata.namespace = ns; cluster.kubernetesPolicies.append(c)
            }
            var copiedIDs = Set<String>()
            for p in base.traffic {
                guard let c = copy.pattern(p) else { continue }
                traffic.append(c)
                copiedIDs.insert(p.id); copiedIDs.insert(p.groupID)
            }
            for e in base.events {
                if let c = copy.event(e, copiedPatterns: copiedIDs) { events.append(c) }
            }
            for a in base.recommendation.actions {
                guard let ns = copy.map(a.namespace) else { continue }
                var c = a; c.namespace = ns; actions.append(c)
            }
        }
        s.cluster = cluster
        s.traffic = traffic
        s.events = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        s.recommendation.actions = actions
        return s
    }

    /// One copy of the namespace set: which namespaces it keeps and what they are called.
    struct Copy {
        /// 0 for the original names.
        let index: Int
        let kept: [String: String]

        init(index: Int, names: [String], target: Int) {
            self.index = index
            let count = min(names.count, target - index * names.count)
            var kept: [String: String] = [:]
            for name in names.prefix(count) { kept[name] = index == 0 ? name : "\(name)-\(index + 1)" }
            self.kept = kept
        }

        /// The copy's name of a base namespace; nil when this copy does not keep it.
        func map(_ namespace: String) -> String? { kept[namespace] }

        func id(_ id: String) -> String { index == 0 ? id : "\(id)@\(index + 1)" }

        /// The pattern with its namespaces renamed; nil when it refers to a namespace this copy lacks, or
        /// (for copies after the first) when it refers to no namespace at all.
        func pattern(_ p: TrafficPattern) -> TrafficPattern? {
            var c = p
            var touchesNamespace = false
            switch p.source {
            case .workload(let ns, let name):
                guard let m = map(ns) else { return nil }
                c.source = .workload(namespace: m, name: name); touchesNamespace = true
            case .networkSet(let ns?, let name):
                guard let m = map(ns) else { return nil }
                c.source = .networkSet(namespace: m, name: name); touchesNamespace = true
            case .networkSet(nil, _), .external: break
            }
            switch p.destination {
            case .workload(let ns, let name)?:
                guard let m = map(ns) else { return nil }
                c.destination = .workload(namespace: m, name: name); touchesNamespace = true
            case .service(let ns, let name)?:
                guard let m = map(ns) else { return nil }
                c.destination = .service(namespace: m, name: name); touchesNamespace = true
            case .networkSet(let ns?, let name)?:
                guard let m = map(ns) else { return nil }
                c.destination = .networkSet(namespace: m, name: name); touchesNamespace = true
            case .networkSet(nil, _)?, .external?, .address?, nil: break
            }
            if case .attack(let rate, let ports, let namespaces?) = p.shape {
                let mapped = namespaces.compactMap(map)
                guard !mapped.isEmpty else { return nil }
                c.shape = .attack(ratePerHour: rate, ports: ports, namespaces: mapped)
            }
            guard touchesNamespace || index == 0 else { return nil }
            c.id = id(p.id); c.groupID = id(p.groupID)
            return c
        }

        /// The event renamed for this copy; nil when it refers to something the copy lacks, or (after the
        /// first copy) to nothing namespaced.
        func event(_ e: ScenarioEvent, copiedPatterns: Set<String>) -> ScenarioEvent? {
            var c = e
            switch e.change {
            case .namespaceAppears(let ns): guard let m = map(ns) else { return nil }; c.change = .namespaceAppears(m)
            case .namespaceDeleted(let ns): guard let m = map(ns) else { return nil }; c.change = .namespaceDeleted(m)
            case .workloadAppears(let ns, let w):
                guard let m = map(ns) else { return nil }; c.change = .workloadAppears(m, w)
            case .workloadDeleted(let ns, let w):
                guard let m = map(ns) else { return nil }; c.change = .workloadDeleted(m, w)
            case .patternStarts(let id):
                guard copiedPatterns.contains(id) else { return nil }; c.change = .patternStarts(self.id(id))
            case .patternStops(let id):
                guard copiedPatterns.contains(id) else { return nil }; c.change = .patternStops(self.id(id))
            }
            return c
        }
    }
}
