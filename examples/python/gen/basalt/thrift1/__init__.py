__all__ = ['ttypes', 'constants', 'Hbase']
