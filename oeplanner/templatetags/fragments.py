"""``{% fragment fragments [item [value …]] %}…{% endfragment %}``: the markup kept for ``item`` in ``fragments``
(an ``oeplanner.fragments.Fragments``, where the keys and their invalidation rule are), else the block drawn and
handed to it. The ``value``s are what the block shows from the template's own context (an include's ``with``
arguments): markup kept with other values, or from another version of this template file, is drawn again.
Without ``fragments`` in the context (a page that keeps none), the block is drawn every time."""

from pathlib import Path

from django import template

from oeplanner.fragments import Fragments, digest

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, fragments, item, values, source):
        self.nodelist, self.fragments, self.item, self.values, self.source = nodelist, fragments, item, values, source

    def render(self, context):
        fragments = self.fragments.resolve(context)
        if not isinstance(fragments, Fragments):
            return self.nodelist.render(context)
        item = self.item.resolve(context) if self.item is not None else None
        stamp = self.source
        if self.values:
            stamp = digest(repr((stamp, [value.resolve(context) for value in self.values])))
        html = fragments.kept(item, stamp)
        if html is None:
            html = self.nodelist.render(context)
            fragments.keep(item, stamp, html)
        return html


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment fragments [item [value …]] %} needs the fragments.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    path = Path(parser.origin.name) if parser.origin else None
    source = digest(path.read_text()) if path and path.is_file() else ""
    fragments, *rest = (parser.compile_filter(bit) for bit in bits[1:])
    item, values = (rest[0], rest[1:]) if rest else (None, [])
    return FragmentNode(nodelist, fragments, item, values, source)
