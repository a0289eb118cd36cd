/// The student/teacher network family: a chain of dense layers without biases.
public enum Architecture: String, Sendable, Equatable, CaseIterable {
    /// y = W_L⋯W_1·x
    case linear
    /// ReLU between layers, linear output.
    case relu
}
