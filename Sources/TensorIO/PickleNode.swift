/// A composite object the restricted pickle machine built, stored in its arena and referred to
/// by ``PickleValue/node(_:)``. Calls are never executed: a REDUCE of an allowed GLOBAL is kept
/// as the callee's name with its arguments, for the reader to interpret.
enum PickleNode: Sendable {
    case tuple([PickleValue])
    case list([PickleValue])
    /// A dict (or `OrderedDict()`), items in insertion order; string keys are indexed.
    case dict(items: [(key: PickleValue, value: PickleValue)], index: [String: Int])
    /// An empty set (EMPTY_SET; ADDITEMS is not in the allowed set).
    case set
    /// `callee(*args)` from REDUCE or NEWOBJ at byte `offset`, with the BUILD state if any.
    case call(callee: String, args: [PickleValue], state: PickleValue?, offset: Int)
    /// A BINPERSID at byte `offset` of the tuple `('storage', …)`, its items in order.
    case storage(id: [PickleValue], offset: Int)
}
