using System.Collections;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SupportBot.Bot.Tutor;

/// <summary>
/// The sort and page a tutor asked for one list, from the address (<c>?sort=asked&amp;dir=asc&amp;page=2</c>;
/// a page's second list prefixes them with its name, <c>?suggestions.sort=...</c>, so both keep their place).
/// An unknown column or page falls back to the list's default: a pasted or stale link still opens.
/// </summary>
internal sealed record ListRequest(string Name, string Sort, bool Descending, int Page, int PageSize)
{
    public int Offset => (Page - 1) * PageSize;
}

/// <summary>What the sort headers and the pager of a tutor list read, whatever its rows.</summary>
internal interface IListPage
{
    ListRequest Request { get; }

    /// <summary>Rows in the whole list, every page together.</summary>
    int Total { get; }

    int PageCount { get; }

    /// <summary>The address of this list sorted by <paramref name="sort"/> (flipped when it already is) or showing <paramref name="page"/>, the rest of the address kept.</summary>
    string Link(IQueryCollection query, string? sort = null, int? page = null);

    /// <summary>The direction a column starts in when first clicked: counts and dates newest first, words from A.</summary>
    bool StartsDescending(string sort);
}

/// <summary>One page of a tutor list, in the order asked.</summary>
internal sealed class ListPage<T>(IReadOnlyList<T> items, int total, ListRequest request, IReadOnlySet<string> descendingFirst) : IListPage, IReadOnlyList<T>
{
    public ListRequest Request { get; } = request;

    public int Total { get; } = total;

    public int PageCount => Math.Max(1, (Total + Request.PageSize - 1) / Request.PageSize);

    public int Count => items.Count;

    public T this[int index] => items[index];

    public IEnumerator<T> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool StartsDescending(string sort) => descendingFirst.Contains(sort);

    public string Link(IQueryCollection query, string? sort = null, int? page = null)
    {
        var prefix = Request.Name.Length == 0 ? "" : Request.Name + ".";
        var values = query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        values.Remove("handler");
        if (sort is not null)
        {
            var descending = sort == Request.Sort ? !Request.Descending : StartsDescending(sort);
            values[prefix + "sort"] = sort;
            values[prefix + "dir"] = descending ? "desc" : "asc";
            values.Remove(prefix + "page");
        }

        if (page is { } p)
        {
            values[prefix + "page"] = p.ToString(CultureInfo.InvariantCulture);
        }

        var link = QueryHelpers.AddQueryString("", values.Where(kv => kv.Value.Length > 0).Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        return (link.Length == 0 ? "?" : link) + (Request.Name.Length == 0 ? "" : "#" + Request.Name);
    }
}

/// <summary>
/// A tutor list's columns one may sort by, its default order and page size: reads the request from
/// the address and pages rows held in memory, or wraps a page a query cut itself (<see cref="PageOf"/>).
/// </summary>
internal sealed class TutorList<T>
{
    public const int DefaultPageSize = 25;

    private readonly Dictionary<string, Func<T, object?>> columns;
    private readonly HashSet<string> descendingFirst;

    /// <param name="name">Empty for a page's main list; else the prefix of its address parameters and its anchor.</param>
    /// <param name="columns">Sort key and the value it sorts by; a key in <paramref name="descendingFirst"/> starts newest or largest first.</param>
    public TutorList(string name, string defaultSort, bool defaultDescending, IEnumerable<(string Key, Func<T, object?> Value)> columns, IEnumerable<string> descendingFirst, int pageSize = DefaultPageSize)
    {
        Name = name;
        DefaultSort = defaultSort;
        DefaultDescending = defaultDescending;
        PageSize = pageSize;
        this.columns = columns.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        this.descendingFirst = [.. descendingFirst];
        if (!this.columns.ContainsKey(defaultSort))
        {
            throw new ArgumentException($"the default sort '{defaultSort}' is not a column of the list", nameof(defaultSort));
        }
    }

    public string Name { get; }

    public string DefaultSort { get; }

    public bool DefaultDescending { get; }

    public int PageSize { get; }

    public ListRequest Read(IQueryCollection query)
    {
        var prefix = Name.Length == 0 ? "" : Name + ".";
        var sort = query[prefix + "sort"].ToString();
        var known = columns.ContainsKey(sort);
        var dir = query[prefix + "dir"].ToString();
        var descending = known && dir is "asc" or "desc" ? dir == "desc" : known ? descendingFirst.Contains(sort) : DefaultDescending;
        var page = int.TryParse(query[prefix + "page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return new ListRequest(Name, known ? sort : DefaultSort, descending, page, PageSize);
    }

    /// <summary>Sorts and pages rows held in memory; empty values last whichever the direction; a page past the end shows the last one.</summary>
    public ListPage<T> Page(IEnumerable<T> rows, IQueryCollection query, CultureInfo culture)
    {
        var request = Read(query);
        var value = columns[request.Sort];
        var words = StringComparer.Create(culture, CompareOptions.IgnoreCase);
        var all = rows.ToList();
        var filled = all.Where(r => !IsEmpty(value(r))).ToList();
        var sorted = (request.Descending
                ? filled.OrderByDescending(value, Comparer<object?>.Create((a, b) => Compare(a, b, words)))
                : filled.OrderBy(value, Comparer<object?>.Create((a, b) => Compare(a, b, words))))
            .Concat(all.Where(r => IsEmpty(value(r))))
            .ToList();
        var pages = Math.Max(1, (sorted.Count + PageSize - 1) / PageSize);
        request = request with { Page = Math.Min(request.Page, pages) };
        return new ListPage<T>([.. sorted.Skip(request.Offset).Take(PageSize)], sorted.Count, request, descendingFirst);
    }

    /// <summary>A page a query cut itself (ORDER BY, OFFSET and LIMIT from <paramref name="request"/>), with the list's total.</summary>
    public ListPage<T> PageOf(IReadOnlyList<T> items, int total, ListRequest request) => new(items, total, request, descendingFirst);

    private static bool IsEmpty(object? value) => value is null || value is string s && s.Length == 0;

    private static int Compare(object? a, object? b, StringComparer words) =>
        a is string x && b is string y ? words.Compare(x, y) : Comparer<object?>.Default.Compare(a, b);
}
