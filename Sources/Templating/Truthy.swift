// Conditions of `{{#if}}`, `{{#unless}}` and `{{^inverted}}` sections.

@inlinable public func truthy(_ value: Bool) -> Bool { value }

/// Non-nil. (A protocol rather than `T?`, so an Int is not silently promoted to Optional and always true.)
@inlinable public func truthy<O: OptionalCondition>(_ value: O) -> Bool { value.isNonNil }

/// Non-empty.
@inlinable public func truthy<C: Collection>(_ value: C) -> Bool { !value.isEmpty }

@available(*, unavailable, message: "a template condition needs a Bool, an Optional or a Collection")
public func truthy<T>(_ value: T) -> Bool { fatalError() }

public protocol OptionalCondition {
    var isNonNil: Bool { get }
}

extension Optional: OptionalCondition {
    @inlinable public var isNonNil: Bool { self != nil }
}
