// The two-worker floor: the floor worker's own handler in a script of its own, whose FLOOR
// binding names the floor script's FloorDO (`scriptName`). Each call crosses from this isolate to
// the object's, as each call of the API worker to an account's object (the sync worker's class)
// does, and as a worker's call to a Durable Object does in production, where the object runs in
// its own isolate, usually on another machine.
export { default } from "./floor-worker.js";
