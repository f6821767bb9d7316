/// ClusterState: where verify reads cluster objects from — a live API through kubectl, or a recording on disk.
/// The only module that spawns processes or talks to a cluster.
enum ClusterStateModule {}
