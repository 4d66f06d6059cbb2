/// One step of a compiled selector. The tree is laid out in prefix order; `end` is the index one past
/// the node's subtree, so `&&`/`||` can walk their operands and stop early without pointers.
@usableFromInline
struct SelectorInstruction: Sendable {
    @usableFromInline
    enum Op: UInt8, Sendable {
        case alwaysTrue, has, equals, notEquals, contains, startsWith, endsWith
        /// Value in / not in `values[operand..<operand+count]`.
        case inSet, notInSet
        case not, and, or
    }

    @usableFromInline var op: Op
    /// Index into `SelectorProgram.labels`.
    @usableFromInline var label: Int32
    /// Index into `SelectorProgram.values`.
    @usableFromInline var operand: Int32
    /// Number of set members (`inSet`, `notInSet`).
    @usableFromInline var count: Int32
    @usableFromInline var end: Int32
}

/// A selector compiled for evaluation: a flat instruction array plus the label names and values it
/// refers to, so `matches` walks plain memory, allocates nothing and compares bytes.
@usableFromInline
struct SelectorProgram: Sendable {
    @usableFromInline let code: [SelectorInstruction]
    @usableFromInline let labels: [String]
    /// Comparison operands, and set members (each set sorted bytewise, for binary search).
    @usableFromInline let values: [String]

    /// Sets up to this size are scanned; larger ones are binary-searched.
    @usableFromInline static let linearScanLimit = 8

    init(_ root: SelectorNode) {
        var builder = Builder()
        builder.emit(root)
        code = builder.code
        labels = builder.labels
        values = builder.values
    }

    private struct Builder {
        var code: [SelectorInstruction] = []
        var labels: [String] = []
        var values: [String] = []
        var labelIndex: [String: Int32] = [:]

        mutating func label(_ name: String) -> Int32 {
            if let i = labelIndex[name] { return i }
            let i = Int32(labels.count)
            labels.append(name)
            labelIndex[name] = i
            return i
        }

        mutating func emit(_ node: SelectorNode) {
            let at = code.count
            code.append(SelectorInstruction(op: .alwaysTrue, label: 0, operand: 0, count: 0, end: 0))
            switch node {
            case .all, .global:
                break
            case .has(let name):
                code[at].op = .has
                code[at].label = label(name)
            case .compare(let name, let comparison, let value):
                switch comparison {
                case .equals: code[at].op = .equals
                case .notEquals: code[at].op = .notEquals
                case .contains: code[at].op = .contains
                case .startsWith: code[at].op = .startsWith
                case .endsWith: code[at].op = .endsWith
                }
                code[at].label = label(name)
                code[at].operand = Int32(values.count)
                values.append(value)
            case .inSet(let name, let members, let negated):
                code[at].op = negated ? .notInSet : .inSet
                code[at].label = label(name)
                code[at].operand = Int32(values.count)
                code[at].count = Int32(members.count)
                values.append(contentsOf: members)
            case .not(let operand):
                code[at].op = .not
                emit(operand)
            case .and(let operands), .or(let operands):
                if case .and = node { code[at].op = .and } else { code[at].op = .or }
                for operand in operands { emit(operand) }
            }
            code[at].end = Int32(code.count)
        }
    }

    @inlinable
    func evaluate<L: LabelLookup>(_ labels: L) -> Bool {
        code.withUnsafeBufferPointer { evaluate($0, at: 0, labels) }
    }

    @inlinable
    func evaluate<L: LabelLookup>(_ code: UnsafeBufferPointer<SelectorInstruction>, at pc: Int, _ labels: L) -> Bool {
        let instruction = code[pc]
        switch instruction.op {
        case .alwaysTrue:
            return true
        case .not:
            return !evaluate(code, at: pc + 1, labels)
        case .and:
            var operand = pc + 1
            let end = Int(instruction.end)
            while operand < end {
                if !evaluate(code, at: operand, labels) { return false }
                operand = Int(code[operand].end)
            }
            return true
        case .or:
            var operand = pc + 1
            let end = Int(instruction.end)
            while operand < end {
                if evaluate(code, at: operand, labels) { return true }
                operand = Int(code[operand].end)
            }
            return false
        default:
            return test(instruction, labels.value(forLabel: self.labels[Int(instruction.label)]))
        }
    }

    /// A leaf test against the label's value (nil when the label is absent).
    @inlinable
    func test(_ instruction: SelectorInstruction, _ value: String?) -> Bool {
        guard let value else {
            return instruction.op == .notEquals || instruction.op == .notInSet
        }
        let operand = Int(instruction.operand)
        switch instruction.op {
        case .has: return true
        case .equals: return UTF8Comparison.equal(value, values[operand])
        case .notEquals: return !UTF8Comparison.equal(value, values[operand])
        case .contains: return UTF8Comparison.contains(value, values[operand])
        case .startsWith: return UTF8Comparison.hasPrefix(value, values[operand])
        case .endsWith: return UTF8Comparison.hasSuffix(value, values[operand])
        case .inSet: return isMember(value, operand, Int(instruction.count))
        case .notInSet: return !isMember(value, operand, Int(instruction.count))
        case .alwaysTrue, .not, .and, .or: preconditionFailure("SelectorProgram.test reached a non-leaf instruction")
        }
    }

    @inlinable
    func isMember(_ value: String, _ start: Int, _ count: Int) -> Bool {
        if count <= Self.linearScanLimit {
            for i in start..<(start + count) where UTF8Comparison.equal(value, values[i]) { return true }
            return false
        }
        var low = start, high = start + count
        while low < high {
            let mid = (low + high) / 2
            let c = UTF8Comparison.compare(values[mid], value)
            if c == 0 { return true }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return false
    }
}
