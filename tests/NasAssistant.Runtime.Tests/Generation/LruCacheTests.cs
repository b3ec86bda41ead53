using NasAssistant.Runtime.Generation;

namespace NasAssistant.Runtime.Tests.Generation;

public sealed class LruCacheTests
{
    [Fact]
    public void Put_PastTheCapacity_DisposesTheLeastRecentlyPut()
    {
        using var cache = new LruCache<Item>(2);
        var a = new Item();
        var b = new Item();
        var c = new Item();

        Assert.Empty(cache.Put("a", a));
        Assert.Empty(cache.Put("b", b));
        Assert.Equal(["a"], cache.Put("c", c));

        Assert.True(a.Disposed);
        Assert.False(b.Disposed);
        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Take("a"));
    }

    [Fact]
    public void Take_LendsTheValueUntilItIsPutBack()
    {
        using var cache = new LruCache<Item>(2);
        var a = new Item();
        cache.Put("a", a);

        Assert.Same(a, cache.Take("a"));
        Assert.Null(cache.Take("a"));
        Assert.Equal(0, cache.Count);

        cache.Put("a", a);
        Assert.Same(a, cache.Take("a"));
        Assert.False(a.Disposed);
    }

    [Fact]
    public void TakeAndPut_MakeAValueTheMostRecent()
    {
        using var cache = new LruCache<Item>(2);
        cache.Put("a", new Item());
        cache.Put("b", new Item());
        cache.Put("a", cache.Take("a")!);

        Assert.Equal(["b"], cache.Put("c", new Item()));
    }

    [Fact]
    public void Put_UnderAKeyInUse_DisposesTheValueItReplaces()
    {
        using var cache = new LruCache<Item>(2);
        var old = new Item();
        var replacement = new Item();
        cache.Put("a", old);
        cache.Put("a", replacement);

        Assert.True(old.Disposed);
        Assert.Same(replacement, cache.Take("a"));
    }

    [Fact]
    public void ZeroCapacityOrDisposed_DisposesWhatIsPut()
    {
        var none = new LruCache<Item>(0);
        var item = new Item();
        none.Put("a", item);
        Assert.True(item.Disposed);
        Assert.Equal(0, none.Count);

        var cache = new LruCache<Item>(2);
        var kept = new Item();
        cache.Put("a", kept);
        cache.Dispose();
        Assert.True(kept.Disposed);
        var late = new Item();
        cache.Put("b", late);
        Assert.True(late.Disposed);
        none.Dispose();
    }

    private sealed class Item : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
