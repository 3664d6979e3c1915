// Conditions of `{{#if}}`, `{{#unless}}` and `{{^inverted}}` sections.

@inlinable public func truthy(_ value: Bool) -> Bool { value }

/// Non-nil.
@inlinable public func truthy<T>(_ value: T?) -> Bool { value != nil }

/// Non-empty.
@inlinable public func truthy<C: Collection>(_ value: C) -> Bool { !value.isEmpty }

// Without this, an Int would be silently promoted to Optional and always be "true".
@available(*, unavailable, message: "a template condition needs a Bool, an Optional or a Collection")
public func truthy<T>(_ value: T) -> Bool { fatalError() }
