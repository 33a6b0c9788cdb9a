"""The MkDocs side of the site: the ``yuqing`` plugin (plugin.py, config.py) and its vendored assets.

The pages themselves come from the pure renderer :mod:`yuqing.render`; :mod:`yuqing.site.data`
loads and checks the records once for both the plugin and the command line.
"""
