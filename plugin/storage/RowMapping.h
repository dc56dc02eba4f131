#pragma once
// How this module reads database rows: into named structs, one per query shape, never into
// positional tuples read by index (get<3>()) nor RecordSets read by column (rs["x"]).
//
// A row struct names its fields; one Poco::Data::TypeHandler specialisation, declared next to it,
// lists the members in the order of the SELECT's columns, and nothing else reads by position:
//
//   struct ClaimRow {                       // SELECT id, attempt_id FROM ...
//       Poco::Int64 id = 0;
//       std::string attemptId;
//   };
//   ...
//   template <>
//   class Poco::Data::TypeHandler<campaigns::sending::ClaimRow>
//       : public campaigns::storage::RowHandler<campaigns::sending::ClaimRow, &campaigns::sending::ClaimRow::id,
//                                               &campaigns::sending::ClaimRow::attemptId> {};
//
//   std::vector<ClaimRow> rows;
//   s << kSelectExpiredClaims, use(cutoff), into(rows), now;
//
// The specialisation must be at global scope (outside the module's namespaces), so a .cpp closes
// its namespace, declares it, and reopens. A NULL column leaves the member at its default value
// (as Poco's own handlers do). SQL text lives in named constants at the top of the .cpp
// (`const char* const kSelectX = "..."`), always with bound parameters.
//
// Each member may be any type Poco already has a TypeHandler for (Poco::Int64, int, std::string,
// double, Poco::Nullable<T>, ...), `long long` (read as Poco::Int64), or another row struct with
// its own handler (its columns follow in place). On MySQL each member's type must suit its column
// (a string member for a text column): Poco's MySQL extractor does not convert text to numbers.
// Times are read as text with storage::timeAsText() in the SELECT, since MySQL returns DATETIME as
// a Poco DateTime, and made ISO 8601 with storage::isoUtc() where the API shows them.
//
// Where the struct is shared (declared in a header), the specialisation still lives in the one
// .cpp that reads it, so no other translation unit can see Poco's generic handler instead.
#include <Poco/Data/TypeHandler.h>
#include <Poco/Types.h>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace campaigns::storage {

// How a member is read: as itself, except `long long`, which Poco reads as Poco::Int64 (a `long`
// on LP64 Linux, a distinct type Poco's extractors have no overload for).
template <class F>
struct ColumnOf {
    using Type = F;
};
template <>
struct ColumnOf<long long> {
    using Type = Poco::Int64;
};

// A TypeHandler for struct T whose columns are the listed data members, in SELECT order.
template <class T, auto... Members>
class RowHandler : public Poco::Data::AbstractTypeHandler {
    template <auto M>
    using Field = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<T&>().*M)>>;
    template <auto M>
    using Column = Poco::Data::TypeHandler<typename ColumnOf<Field<M>>::Type>;

    template <auto M>
    static void extractOne(std::size_t pos, T& obj, const T& defVal, Poco::Data::AbstractExtractor::Ptr extractor) {
        if constexpr (std::is_same_v<typename ColumnOf<Field<M>>::Type, Field<M>>) {
            Column<M>::extract(pos, obj.*M, defVal.*M, extractor);
        } else {
            typename ColumnOf<Field<M>>::Type value{};
            Column<M>::extract(pos, value, static_cast<typename ColumnOf<Field<M>>::Type>(defVal.*M), extractor);
            obj.*M = static_cast<Field<M>>(value);
        }
    }
    template <auto M>
    static void prepareOne(std::size_t pos, const T& obj, Poco::Data::AbstractPreparator::Ptr preparator) {
        if constexpr (std::is_same_v<typename ColumnOf<Field<M>>::Type, Field<M>>)
            Column<M>::prepare(pos, obj.*M, preparator);
        else
            Column<M>::prepare(pos, static_cast<typename ColumnOf<Field<M>>::Type>(obj.*M), preparator);
    }

public:
    static std::size_t size() { return (Column<Members>::size() + ... + 0); }

    // Binding (use()) takes the members by reference, so only types Poco binds as they are.
    static void bind(std::size_t pos, const T& obj, Poco::Data::AbstractBinder::Ptr binder,
                     Poco::Data::AbstractBinder::Direction dir) {
        ((Poco::Data::TypeHandler<Field<Members>>::bind(pos, obj.*Members, binder, dir), pos += Column<Members>::size()), ...);
    }

    static void prepare(std::size_t pos, const T& obj, Poco::Data::AbstractPreparator::Ptr preparator) {
        ((prepareOne<Members>(pos, obj, preparator), pos += Column<Members>::size()), ...);
    }

    static void extract(std::size_t pos, T& obj, const T& defVal, Poco::Data::AbstractExtractor::Ptr extractor) {
        ((extractOne<Members>(pos, obj, defVal, extractor), pos += Column<Members>::size()), ...);
    }

protected:
    RowHandler() = default;
    ~RowHandler() = default;
};

} // namespace campaigns::storage
