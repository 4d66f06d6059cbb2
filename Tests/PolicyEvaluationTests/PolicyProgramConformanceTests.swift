import CalicoModel
import Testing

@testable import PolicyEvaluation

/// Every packet of felix's BPF policy-program tests gets its expected verdict from recsim's evaluator.
@Suite struct PolicyProgramConformanceTests {
    @Test func adapterTranslatesEveryRuleField() throws {
        let (_, keys) = try PolicyProgramCase.load()
        #expect(
            keys.subtracting(PolicyProgramCase.knownRuleKeys).isEmpty,
            "untranslated rule fields: \(keys.subtracting(PolicyProgramCase.knownRuleKeys).sorted())")
    }

    @Test func everyPacketGetsItsVerdict() throws {
        let (cases, _) = try PolicyProgramCase.load()
        var packets = 0, passed = 0, casesPassed = 0
        var failures: [String] = []
        for c in cases {
            let evaluator = Evaluator(try c.policySet())
            var caseOK = true
            for (expected, list) in [(FlowAction.allow, c.AllowedPackets ?? []), (.deny, c.DroppedPackets ?? [])] {
                for p in list {
                    packets += 1
                    let verdict = evaluator.evaluate(try c.connection(p), reporter: .dst)
                    if verdict.enforced.action == expected && verdict.pending == verdict.enforced {
                        passed += 1
                    } else {
                        caseOK = false
                        failures.append(
                            "\(c.PolicyName): \(p): expected \(expected), got \(verdict.enforced.action) \(verdict.enforced.hitStrings())"
                        )
                    }
                }
            }
            if caseOK { casesPassed += 1 }
        }
        print("policy-program-cases: \(casesPassed)/\(cases.count) cases, \(passed)/\(packets) packets pass")
        #expect(cases.count == 87)
        #expect(packets == 523)
        #expect(failures.isEmpty, "\(failures.count) packets wrong:\n\(failures.joined(separator: "\n"))")
    }
}
