import CNetAgent
