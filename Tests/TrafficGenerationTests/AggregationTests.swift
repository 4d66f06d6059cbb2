import CalicoModel
import Foundation
import PolicyEvaluation
import Scenario
import Simulation
import Testing

@testable import TrafficGeneration

@Suite struct AggregationTests {
    static let traffic = """
        - {id: svc, from: {workload: web/frontend}, to: {service: api/backend}, port: grpc, steady: {rate: 600}}
        - {id: pg, from: {workload: api/backend}, to: {workload: db/postgres}, port: pg, steady: {rate: 600}}
        - {id: stripe, from: {workload: api/backend}, to: {external: stripe}, port: 443, steady: {rate: 120}}
        - {id: onprem, from: {workload: api/backend}, to: {external: onprem}, port: 8443, steady: {rate: 120}}
        - {id: partner, from: {workload: web/frontend}, to: {external: partner-host}, port: 443, steady: {rate: 60}}
        - {id: vpn, from: {workload: web/frontend}, to: {external: vpn-host}, port: 22, steady: {rate: 60}}
        - {id: users, from: {external: users}, to: {workload: web/frontend}, port: http, steady: {rate: 600}}
        """

    func logs(
        level: Int = 2, duration: SimDuration = .hours(1)
    ) throws -> (Scenario, [ConnectionWindow], [GeneratedFlowLog]) {
        let s = try Fixtures.scenario(traffic: Self.traffic, aggregation: level)
        let cluster = Cluster(scenario: s)
        let evaluator = Evaluator(try cluster.policySet())
        let ws = Fixtures.windows(s, duration: duration)
        var agg = FlowLogAggregator(s.flowLogs)
        return (s, ws, ws.flatMap { agg.flowLogs($0, evaluator: evaluator) })
    }

    func records(_ logs: [GeneratedFlowLog], _ pattern: String) -> [FlowLog] {
        logs.filter { $0.truth.contains { $0.patternID == pattern } }.map(\.log)
    }

    @Test func levelTwoAggregatesPodsByPrefixAndHidesIPs() throws {
        let (_, _, logs) = try logs()
        let svc = records(logs, "svc")
        #expect(!svc.isEmpty)
        for r in svc {
            #expect(r.sourceName == "-" && r.destName == "-")
            #expect(r.sourceIP == nil && r.destIP == nil && r.sourcePort == nil)
            #expect(r.sourceNameAggr.hasPrefix("frontend-") && r.sourceNameAggr.hasSuffix("-*"))
            #expect(r.sourceNameAggr.count == "frontend-".count + 10 + 2)
            #expect(r.destNameAggr.hasPrefix("backend-") && r.destNameAggr.hasSuffix("-*"))
            #expect(r.destPort == 9000, "service targetPort resolves to the named container port")
            #expect(
                r.destServiceName == "backend" && r.destServiceNamespace == "api" && r.destServicePort == "grpc"
                    && r.destServicePortNum == 90)
            #expect(r.sourceLabels?.contains("app=frontend") == true)
        }
        // StatefulSet pods aggregate as `name-*`.
        #expect(records(logs, "pg").allSatisfy { $0.destNameAggr == "postgres-*" && $0.destServiceName == "-" })
    }

    @Test func bothReportersForPodToPodOnlySourceForEgressOnlyDestinationForIngress() throws {
        let (_, _, logs) = try logs()
        let svc = records(logs, "svc")
        #expect(Set(svc.map(\.reporter)) == [.src, .dst])
        let stripe = records(logs, "stripe")
        #expect(!stripe.isEmpty && stripe.allSatisfy { $0.reporter == .src })
        let users = records(logs, "users")
        #expect(
            !users.isEmpty
                && users.allSatisfy { $0.reporter == .dst && $0.sourceType == .net && $0.sourceNameAggr == "pub" })
        // The reporter's node is the host.
        #expect(svc.allSatisfy { $0.host.hasPrefix("node-") })
    }

    @Test func addressesBecomePubPvtOrNetworkSets() throws {
        let (_, _, logs) = try logs()
        let stripe = records(logs, "stripe")
        #expect(
            stripe.allSatisfy {
                $0.destType == .net && $0.destNameAggr == "pub" && $0.destNamespace == "-"
                    && $0.destDomains == ["api.stripe.com"]
            })
        #expect(records(logs, "onprem").allSatisfy { $0.destType == .net && $0.destNameAggr == "pvt" })
        let partner = records(logs, "partner")
        #expect(partner.allSatisfy { $0.destType == .ns && $0.destNameAggr == "partners" && $0.destNamespace == "web" })
        #expect(partner.first?.destLabels?.contains("projectcalico.org/kind=NetworkSet") == true)
        #expect(
            records(logs, "vpn").allSatisfy {
                $0.destType == .ns && $0.destNameAggr == "corp-vpn" && $0.destNamespace == "-"
            })
    }

    @Test func countersAddUp() throws {
        let (_, ws, logs) = try logs()
        for pattern in ["svc", "pg", "stripe", "users"] {
            let produced = ws.reduce(Int64(0)) {
                $0
                    + $1.connections.reduce(0) {
                        $0 + $1.truth.filter { $0.patternID == pattern }.reduce(0) { $0 + $1.count }
                    }
            }
            let recs = logs.filter { $0.truth.contains { $0.patternID == pattern } }
            for reporter in [Reporter.src, .dst] {
                let rs = recs.filter { $0.log.reporter == reporter }
                if rs.isEmpty { continue }
                #expect(rs.reduce(0) { $0 + $1.log.numFlows } == produced, "\(pattern) \(reporter)")
                #expect(rs.reduce(0) { $0 + $1.truth.reduce(0) { $0 + $1.count } } == produced)
                #expect(
                    rs.allSatisfy {
                        $0.log.numFlowsStarted == $0.log.numFlows && $0.log.numFlowsCompleted == $0.log.numFlows
                    })
            }
        }
        // src bytes_out = dst bytes_in for pod-to-pod traffic.
        let svc = logs.filter { $0.truth.contains { $0.patternID == "svc" } }.map(\.log)
        #expect(
            svc.filter { $0.reporter == .src }.reduce(0) { $0 + $1.bytesOut }
                == svc.filter { $0.reporter == .dst }.reduce(0) { $0 + $1.bytesIn })
    }

    @Test func levelZeroKeepsPodsIPsAndSourcePortsLevelThreeDropsDestPort() throws {
        let (_, _, zero) = try logs(level: 0)
        let svc0 = records(zero, "svc")
        #expect(
            svc0.allSatisfy {
                $0.sourceIP?.hasPrefix("10.244.") == true && $0.sourcePort != nil
                    && $0.sourceName.hasPrefix("frontend-") && $0.sourceName != $0.sourceNameAggr
            })
        let (_, _, three) = try logs(level: 3)
        #expect(records(three, "svc").allSatisfy { $0.destPort == nil && $0.sourceIP == nil })
        #expect(records(three, "svc").count <= records(zero, "svc").count)
    }

    @Test func levelThreeMergesDestinationPorts() throws {
        let s = try Fixtures.scenario(
            traffic: """
                - {id: a, from: {workload: db/postgres}, to: {workload: ops/jobs}, port: 5432, steady: {rate: 600}}
                - {id: b, from: {workload: db/postgres}, to: {workload: ops/jobs}, port: 6432, steady: {rate: 600}}
                """, aggregation: 3)
        let cluster = Cluster(scenario: s)
        var agg = FlowLogAggregator(s.flowLogs)
        let logs = Fixtures.windows(s, duration: .hours(1)).flatMap {
            agg.flowLogs($0, evaluator: Evaluator(try! cluster.policySet()))
        }
        #expect(logs.count == 24)
        #expect(logs.allSatisfy { Set($0.truth.map(\.patternID)) == ["a", "b"] && $0.log.destPort == nil })
    }

    @Test func recordsParseBackAndUseSpecFieldNames() throws {
        let (_, _, logs) = try logs()
        let required: [String: String] = [
            "start_time": "int", "end_time": "int", "source_ip": "null", "source_name": "string",
            "source_name_aggr": "string",
            "source_namespace": "string", "source_port": "null", "source_type": "string", "source_labels": "object",
            "dest_ip": "null", "dest_name": "string", "dest_name_aggr": "string", "dest_namespace": "string",
            "dest_port": "int",
            "dest_type": "string", "dest_labels": "object", "dest_service_namespace": "string",
            "dest_service_name": "string",
            "dest_service_port": "string", "dest_service_port_num": "int", "dest_domains": "null", "proto": "string",
            "action": "string", "reporter": "string", "policies": "object", "bytes_in": "int", "bytes_out": "int",
            "packets_in": "int", "packets_out": "int", "num_flows": "int", "num_flows_started": "int",
            "num_flows_completed": "int", "host": "string", "@timestamp": "int",
        ]
        let svc = logs.first { $0.truth.first?.patternID == "svc" && $0.log.reporter == .src }!
        let object = try JSONSerialization.jsonObject(with: Data(svc.log.jsonLine.utf8)) as! [String: Any]
        for (k, type) in required {
            let v = object[k]
            switch type {
            case "int": #expect((v as? NSNumber) != nil && !(v is String), "\(k)")
            case "string": #expect(v is String, "\(k)")
            case "object": #expect(v is [String: Any], "\(k)")
            default: #expect(v is NSNull, "\(k)")
            }
        }
        let policies = object["policies"] as! [String: Any]
        #expect(policies["enforced_policies"] is [String] && policies["pending_policies"] is [String])
        for (i, r) in logs.enumerated() {
            let back = try FlowLogReader.parse(r.log.jsonLine, file: "gen", lineNumber: i + 1)
            #expect(back == r.log)
        }
    }
}

@Suite struct HandBuiltWindowTests {
    @Test func classesBuiltOutsideTheSimulatorAggregateByName() throws {
        let s = try Fixtures.scenario(traffic: "")
        let cluster = Cluster(scenario: s)
        let web = cluster.workloads[0], api = cluster.workloads[1]
        func cls(_ a: Int, _ b: Int, _ n: Int64) -> ConnectionClass {
            ConnectionClass(
                connection: Connection(
                    source: web.pods[a].endpoint, destination: api.pods[b].endpoint,
                    protocol: .tcp, destinationPort: 9000),
                sourceNode: "node-1", destinationNode: "node-2", count: n,
                truth: [PatternCount(patternID: "p\(a)", rarity: .steady, truth: .legit, count: n)])
        }
        let window = ConnectionWindow(
            index: 0, start: s.start, end: s.start + .minutes(5), connections: [cls(0, 0, 2), cls(1, 1, 3)])
        var agg = FlowLogAggregator()
        let logs = agg.flowLogs(window, evaluator: Evaluator(try cluster.policySet()))
        #expect(logs.count == 2)
        #expect(logs.map(\.log.reporter) == [.src, .dst])
        #expect(logs.allSatisfy { $0.log.numFlows == 5 && $0.truth.map(\.patternID) == ["p0", "p1"] })
        #expect(logs[0].log.host == "node-1" && logs[1].log.host == "node-2")
    }
}

@Suite struct AggregatorCacheTests {
    /// online-boutique, the evaluator of its policies and a simulator of its first `hours`.
    static func onlineBoutique(hours: Int64) throws -> (Scenario, Evaluator, TrafficSimulator) {
        let s = try Scenario.load(path: Fixtures.scenario("online-boutique"))
        let cluster = Cluster(scenario: s)
        return (
            s, Evaluator(try cluster.policySet()),
            TrafficSimulator(scenario: s, cluster: cluster, duration: .hours(hours))
        )
    }

    /// Records copied from earlier windows' prototypes, and verdicts reused under one policy version, must
    /// equal records built from scratch.
    @Test func cachedAndFreshRecordsAreIdentical() throws {
        let (s, evaluator, simulator) = try Self.onlineBoutique(hours: 3)
        var sim = simulator
        var reused = FlowLogAggregator(s.flowLogs)
        var perWindow = FlowLogAggregator(s.flowLogs)
        while let w = sim.nextWindow() {
            var fresh = FlowLogAggregator(s.flowLogs)
            let a = reused.flowLogs(w, evaluator: evaluator, policyVersion: 7)
            let b = perWindow.flowLogs(w, evaluator: evaluator)
            let c = fresh.flowLogs(w, evaluator: evaluator)
            #expect(a.map(\.log) == c.map(\.log) && b.map(\.log) == c.map(\.log))
            #expect(a.map(\.truth) == c.map(\.truth))
        }
    }

    /// An aggregator that leaves the ground truth out gives the same records, with empty truth.
    @Test func recordsWithoutTruthAreTheSameRecords() throws {
        let (s, evaluator, simulator) = try Self.onlineBoutique(hours: 2)
        var sim = simulator
        var withTruth = FlowLogAggregator(s.flowLogs)
        var without = FlowLogAggregator(s.flowLogs)
        without.recordsTruth = false
        var records = 0
        while let w = sim.nextWindow() {
            let a = withTruth.flowLogs(w, evaluator: evaluator, policyVersion: 1)
            let b = without.flowLogs(w, evaluator: evaluator, policyVersion: 1)
            #expect(a.map(\.log) == b.map(\.log))
            #expect(a.allSatisfy { !$0.truth.isEmpty } && b.allSatisfy { $0.truth.isEmpty })
            records += a.count
        }
        #expect(records > 100)
    }
}

@Suite struct AggregatorNamespaceChangeTests {
    /// A policy of one namespace changes: verdicts of reporters in other namespaces are kept, and the records
    /// equal those of an aggregator that evaluates everything afresh.
    @Test(arguments: ["cart", "checkout", "web"])
    func keptVerdictsEqualFreshOnes(namespace: String) throws {
        let s = try Scenario.load(path: Fixtures.scenario("online-boutique"))
        let cluster = Cluster(scenario: s)
        let deny = try ResourceYAML.decode(
            """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny-egress, namespace: \(namespace)}
            spec: {order: 1, selector: all(), types: [Egress], egress: [{action: Deny}]}
            """, file: "test"
        ).compactMap { r -> CalicoPolicy? in if case .policy(let p) = r.resource { return p } else { return nil } }
        #expect(deny.count == 1)
        let before = Evaluator(try cluster.policySet())
        let after = Evaluator(try cluster.policySet(extraPolicies: deny))
        var sim = TrafficSimulator(scenario: s, cluster: cluster, duration: .hours(4))
        var kept = FlowLogAggregator(s.flowLogs)
        var changedWindows = 0, deniedAfter = 0
        while let w = sim.nextWindow() {
            let changed = w.index >= 12
            let evaluator = changed ? after : before
            var fresh = FlowLogAggregator(s.flowLogs)
            let a = kept.flowLogs(
                w, evaluator: evaluator, policyVersion: changed ? 2 : 1,
                changedNamespaces: changed ? [namespace] : [])
            let c = fresh.flowLogs(w, evaluator: evaluator)
            #expect(a.map(\.log) == c.map(\.log), "window \(w.index)")
            if changed {
                changedWindows += 1
                deniedAfter += c.filter { $0.log.sourceNamespace == namespace && $0.log.action == .deny }.count
            }
        }
        #expect(changedWindows > 0)
        #expect(deniedAfter > 0, "the change must matter, or the test proves nothing")
    }
}
