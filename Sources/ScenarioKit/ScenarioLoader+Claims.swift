import Distributions

/// Claims and their expectations, checked against the cases when the scenario loads.
extension ScenarioLoader {
    static let claimKeys = ["name", "metric", "tensor", "cases", "statistic", "alpha", "each_tensor", "expect"]
    static let expectKeys = ["equals", "within_se", "calibrated", "at_least", "at_most", "evidence"]

    static func parseClaims(_ root: YAMLReader, cases: [ScenarioCase]) throws(ScenarioError) -> [Claim] {
        guard let node = try root.optional("claims") else { throw root.error("missing required key 'claims'") }
        let variables = Set(cases.flatMap { $0.numbers.keys })
        var claims: [Claim] = []
        for item in try node.elements() {
            try item.checkKeys(claimKeys)
            var keyLines: [String: Int] = [:]
            for k in try item.keys() { keyLines[k] = try item.optional(k)?.line ?? item.line }
            let name = try item.require("name").string()
            let metric = try item.require("metric").string()
            var tensor: String?
            if let t = try item.optional("tensor") {
                tensor = try t.string()
                do { _ = try Regex(tensor!) } catch { throw t.error("not a valid regular expression: \(error)", cause: error) }
            }
            var casePattern: String?
            if let c = try item.optional("cases") {
                casePattern = try c.string()
                let regex: Regex<AnyRegexOutput>
                do { regex = try Regex(casePattern!) } catch { throw c.error("not a valid regular expression: \(error)", cause: error) }
                guard cases.contains(where: { $0.label.contains(regex) }) else {
                    throw c.error("matches none of the cases: \(cases.map(\.label).joined(separator: "; "))")
                }
            }
            let statisticNode = try item.optional("statistic")
            let statisticName = try statisticNode?.string() ?? "mean"
            let statistic: ClaimStatistic
            switch statisticName {
            case "mean": statistic = .mean
            case "median": statistic = .median
            case "fraction": statistic = .fraction
            case "spearman_depth": statistic = .spearmanDepth
            case "rejection_rate", "trend_detected":
                let alphaNode = try item.require("alpha")
                let alpha = try alphaNode.double()
                guard alpha > 0, alpha < 1 else { throw alphaNode.error("must be in (0, 1), got \(alpha)") }
                statistic = statisticName == "rejection_rate" ? .rejectionRate(alpha: alpha) : .trendDetected(alpha: alpha)
            default:
                let options = ClaimStatistic.names
                let hint = Suggestion.closest(to: statisticName, among: options).map { " (did you mean '\($0)'?)" } ?? ""
                throw statisticNode!.error("unknown statistic '\(statisticName)'\(hint); one of \(options.joined(separator: ", "))")
            }
            switch statistic {
            case .rejectionRate, .trendDetected: break
            default: if let a = try item.optional("alpha") { throw a.error("'alpha' applies only to statistic: rejection_rate or trend_detected") }
            }
            let expectNode = try item.require("expect")
            let expectation = try parseExpectation(expectNode, variables: variables)
            if case .calibrated = expectation, case .rejectionRate = statistic {} else if case .calibrated = expectation {
                throw try expectNode.require("calibrated").error("'calibrated' needs statistic: rejection_rate (with alpha)")
            }
            var eachTensor = false
            if let e = try item.optional("each_tensor") {
                eachTensor = try e.bool()
                if eachTensor {
                    guard statistic == .mean || statistic == .median else { throw e.error("each_tensor applies to statistic: mean or median") }
                    switch expectation {
                    case .equals, .atLeast, .atMost: break
                    default: throw e.error("each_tensor needs expect: equals, at_least or at_most")
                    }
                }
            }
            claims.append(Claim(name: name, metric: metric, tensor: tensor, cases: casePattern, statistic: statistic,
                                expectation: expectation, eachTensor: eachTensor, line: item.line, keyLines: keyLines))
        }
        guard !claims.isEmpty else { throw node.error("a scenario needs at least one claim") }
        return claims
    }

    static func parseExpectation(_ node: YAMLReader, variables: Set<String>) throws(ScenarioError) -> Expectation {
        try node.checkKeys(expectKeys)
        func expression(_ n: YAMLReader) throws(ScenarioError) -> Expression {
            let text = try n.string()
            let e: Expression
            do { e = try Expression.parse(text) } catch { throw n.error("cannot parse '\(text)': \(error)", cause: error) }
            let unbound = e.variables.filter { !variables.contains($0) && !$0.hasPrefix("theory.") }
            if let v = unbound.sorted().first {
                let hint = Suggestion.closest(to: v, among: variables.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                throw n.error("'\(v)' is not a case variable\(hint); variables: \(variables.sorted().joined(separator: ", "))")
            }
            return e
        }
        let present = try node.keys().filter { $0 != "within_se" }
        guard present.count == 1 else {
            throw node.error("give exactly one of equals, calibrated, at_least, at_most, evidence")
        }
        switch present[0] {
        case "equals":
            var k = 3.0
            if let w = try node.optional("within_se") {
                k = try w.double()
                guard k > 0 else { throw w.error("must be positive") }
            }
            return .equals(try expression(try node.require("equals")), withinSE: k)
        case "calibrated":
            let c = try node.require("calibrated")
            let confidence = try c.double()
            guard confidence > 0.5, confidence < 1 else { throw c.error("a confidence in (0.5, 1), e.g. 0.999; got \(confidence)") }
            return .calibrated(confidence: confidence)
        case "at_least": return .atLeast(try expression(try node.require("at_least")))
        case "at_most": return .atMost(try expression(try node.require("at_most")))
        default:
            let e = try node.require("evidence")
            try e.checkKeys(["threshold", "above", "below"])
            return .evidence(threshold: try e.require("threshold").double(),
                             above: try e.require("above").string(), below: try e.require("below").string())
        }
    }
}
