import CalicoModel
import Testing

@testable import PolicyEvaluation

/// A Kubernetes NetworkPolicy's label selectors become Calico selector text through the one quoting
/// function; labels Kubernetes would reject are errors naming the field, never wider selectors.
@Suite struct HostileLabelSelectorTests {
    func policy(_ selector: String) throws -> KubernetesNetworkPolicy {
        let r = try ResourceYAML.decode(
            """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: db}}
              ingress:
              - from: [{namespaceSelector: \(selector)}]
            """, file: "p.yaml")
        guard case .kubernetesPolicy(let p) = r[0].resource else {
            throw PolicySetError(policy: "", field: "", message: "not a k8s policy")
        }
        return p
    }

    @Test(arguments: [
        (
            "{matchLabels: {team: \"x' || all() || a == 'y\"}}",
            "spec.ingress[0].from[0].namespaceSelector.matchLabels.team", "label value"
        ),
        (
            "{matchLabels: {\"a == 'b' || all() || c\": v}}",
            "spec.ingress[0].from[0].namespaceSelector.matchLabels.a == 'b' || all() || c", "label key"
        ),
        (
            "{matchExpressions: [{key: team, operator: In, values: [ok, \"x' } || all() || a in {'y\"]}]}",
            "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values[1]", "label value"
        ),
        (
            "{matchExpressions: [{key: \"has(x)) || all() || (a\", operator: Exists}]}",
            "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].key", "label key"
        ),
    ])
    func invalidLabelsAreErrorsNamingTheField(_ selector: String, _ field: String, _ kind: String) throws {
        // Refused where the manifest is read, as the Kubernetes API server would, with file, line and field.
        let error = try #require(throws: ResourceDecodeError.self) { try policy(selector) }
        #expect("\(error)".contains("p.yaml:7:"), "\(error)")
        #expect("\(error)".contains("field `\(field)`"), "\(error)")
        #expect("\(error)".contains("not a valid \(kind)"), "\(error)")
    }

    /// A policy built in code (not read from a manifest) is checked again where its selectors are rendered.
    @Test func conversionRefusesInvalidLabelsOfPoliciesBuiltInCode() throws {
        var p = try policy("{matchLabels: {team: a}}")
        p.spec.ingress![0].from![0].namespaceSelector = LabelSelector(matchLabels: ["team": "x' || all() || a == 'y"])
        let error = try #require(throws: PolicySetError.self) { try KubernetesPolicyConversion.calicoSpec(of: p) }
        #expect(error.field == "spec.ingress[0].from[0].namespaceSelector.matchLabels.team", "\(error)")
        #expect(error.message.contains("not a valid label value"), "\(error)")
    }

    @Test func validLabelsBecomeOneTermEach() throws {
        let spec = try KubernetesPolicyConversion.calicoSpec(
            of: try policy(
                "{matchLabels: {team: a}, matchExpressions: [{key: env, operator: NotIn, values: [dev, test]}, {key: x, operator: DoesNotExist}]}"
            ))
        let text = try #require(spec.ingress?.first?.source?.namespaceSelector)
        #expect(text == "team == 'a' && env not in { 'dev', 'test' } && !has(x)")
        let s = try Selector(text)
        #expect(s.matches(["team": "a", "env": "prod"]))
        #expect(!s.matches(["team": "b", "env": "prod"]))
    }
}
