/** simple-peer's prebuilt browser bundle (UMD); typed by @types/simple-peer. */
declare module 'simple-peer/simplepeer.min.js' {
  import SimplePeer from 'simple-peer';
  export default SimplePeer;
}
